package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;

/** A ledger in use by a run: a second writer is refused without damage; analyze reads whole tasks only. */
class ConcurrentUseTest {
    @TempDir
    Path dir;

    @Test
    void secondWriterIsRefusedAndAnalyzeSeesWholeTasks() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("l.duckdb");
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats", "2"));
        args.addAll(Pma.TINY);
        Process writer = Pma.spawn(dir.resolve("writer.log"), args);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600); // generous: CI machines can be busy
            long done = 0;
            while (System.nanoTime() < deadline && writer.isAlive() && done < 1) {
                try {
                    done = Files.exists(ledger) ? Pma.count(ledger, "SELECT count(*) FROM run") : 0;
                } catch (RuntimeException busy) {
                    // mid-write; look again
                }
                Thread.sleep(20);
            }
            assertThat(writer.isAlive() && done >= 1).as(Files.readString(dir.resolve("writer.log"))).isTrue();

            List<String> second = new ArrayList<>(args);
            second.add("--resume");
            Pma refused = Pma.run(second);
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.errorLine()).isEqualTo("pma: error: " + ledger
                    + ": another pma run is writing this ledger; wait for it or use another path");

            Path out = dir.resolve("analysis");
            Pma analyze = Pma.run("analyze", ledger.toString(), "--out", out.toString());
            assertThat(analyze.code()).as(analyze.err()).isZero();
            List<String> runsCsv = Files.readAllLines(out.resolve("runs.csv"));
            List<String> imagesCsv = Files.readAllLines(out.resolve("images.csv"));
            assertThat(runsCsv.size() - 1).isBetween(1, 10);
            assertThat(imagesCsv).hasSize(49);
            // Whole tasks only: the test appearances add up to the test parts of exactly the runs it saw.
            int col = List.of(imagesCsv.get(0).split(",")).indexOf("appearances");
            long appearances = imagesCsv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[col])).sum();
            long expected = 0;
            for (String run : runsCsv.subList(1, runsCsv.size())) {
                int iteration = Integer.parseInt(run.split(",")[2]);
                expected += Pma.count(ledger, "SELECT count(*) FROM split WHERE role = 'test' AND iteration = " + iteration);
            }
            assertThat(appearances).isEqualTo(expected);
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        // The refused writer did no damage: the ledger still reads, and resuming finishes it.
        Pma finish = Pma.run(new ArrayList<>(args) {{ add("--resume"); }});
        assertThat(finish.code()).as(finish.err()).isZero();
        assertThat(Pma.count(ledger, "SELECT count(*) FROM run")).isEqualTo(10);
        assertThat(Pma.count(ledger, "SELECT count(*) FROM prediction WHERE role = 'test'")).isEqualTo(2 * 48);
        // The killed writer left its lock file; the run that finished removed it.
        assertThat(Path.of(ledger + ".lock")).doesNotExist();
    }
}
