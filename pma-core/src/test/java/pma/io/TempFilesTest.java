package pma.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files get the permissions any new file gets here, not the owner-only ones of temp files. */
class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void tablesAreWrittenWithTheDefaultPermissions() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Assumptions.assumeTrue(usual.contains(PosixFilePermission.GROUP_READ), "a umask that lets the group read");

        Path table = dir.resolve("t.csv");
        new CsvTable(List.of("a", "b")).row(1, "x").write(table);
        assertThat(Files.getPosixFilePermissions(table)).isEqualTo(usual);
        assertThat(Files.readAllLines(table)).containsExactly("a,b", "1,x");

        Path folder = TempFiles.newDirectory(dir, ".staging-");
        assertThat(Files.getPosixFilePermissions(folder)).contains(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }
}
