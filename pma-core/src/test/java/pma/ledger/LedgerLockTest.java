package pma.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;

class LedgerLockTest {
    @TempDir
    Path dir;

    @Test
    void closingRemovesTheLockFile() {
        Path ledger = dir.resolve("l.duckdb");
        try (LedgerLock lock = LedgerLock.acquire(ledger)) {
            assertThat(dir.resolve("l.duckdb.lock")).isRegularFile();
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void foldersTheLockMadeGoWhenNothingWasWrittenThere() throws IOException {
        try (LedgerLock lock = LedgerLock.acquire(dir.resolve("a/b/l.duckdb"))) {
            assertThat(dir.resolve("a/b")).isDirectory();
        }
        assertThat(dir).isEmptyDirectory();
        try (LedgerLock lock = LedgerLock.acquire(dir.resolve("a/b/l.duckdb"))) {
            Files.writeString(dir.resolve("a/b/l.duckdb"), "ledger");
        }
        assertThat(dir.resolve("a/b/l.duckdb")).hasContent("ledger");
        assertThat(dir.resolve("a/b/l.duckdb.lock")).doesNotExist();
    }

    @Test
    void aRefusedAcquirerLeavesTheHoldersFile() {
        Path ledger = dir.resolve("l.duckdb");
        try (LedgerLock first = LedgerLock.acquire(ledger)) {
            assertThatThrownBy(() -> LedgerLock.acquire(ledger)).isInstanceOf(BadInputException.class)
                    .hasMessage(ledger + ": this process is already writing this ledger");
            assertThat(dir.resolve("l.duckdb.lock")).isRegularFile();
        }
    }

    @Test
    void aLockHeldByAnotherProcessRefusesThisOne() throws Exception {
        Path ledger = dir.resolve("l.duckdb");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), ledger.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            // Twice: an attempt that fails must not loosen the holder's lock.
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> LedgerLock.acquire(ledger)).isInstanceOf(BadInputException.class)
                        .hasMessage(ledger + ": another pma run is writing this ledger; wait for it or use another path");
            }
            holder.getOutputStream().close();
            assertThat(holder.waitFor()).isZero();
        } finally {
            holder.destroyForcibly();
        }
        assertThat(dir.resolve("l.duckdb.lock")).doesNotExist();
        try (LedgerLock mine = LedgerLock.acquire(ledger)) {
            assertThat(dir.resolve("l.duckdb.lock")).isRegularFile();
        }
    }

    @Test
    void aLockOnAFileDeletedMeanwhileIsNotTaken() throws IOException {
        // The race: this process opens the lock file, its holder deletes it and lets go, and this
        // process then locks the deleted file. Holding that lock proves nothing, so it must retry
        // and end up holding the file that is at the path.
        Path ledger = dir.resolve("l.duckdb");
        Path lockFile = dir.resolve("l.duckdb.lock");
        Files.writeString(lockFile, "held by another run");
        List<FileChannel> opened = new ArrayList<>();
        LedgerLock.Opener deletedAfterOpening = p -> {
            FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (opened.isEmpty()) Files.delete(p);
            opened.add(c);
            return c;
        };
        try (LedgerLock lock = LedgerLock.acquire(ledger, deletedAfterOpening)) {
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0).isOpen()).isFalse();
            assertThat(lockFile).isRegularFile();
            assertThat(Files.readString(lockFile)).startsWith(ProcessHandle.current().pid() + " ");
        }
        assertThat(lockFile).doesNotExist();
    }
}
