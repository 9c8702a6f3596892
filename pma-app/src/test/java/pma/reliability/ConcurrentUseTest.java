package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.dataset.Fixtures;

/**
 * A ledger in use by a run: a second writer is refused without damage; analyze reads whole tasks only.
 *
 * <p>The test follows the run by its committed tasks, never by time: it waits for the first commit,
 * freezes the writer (SIGSTOP) between two commits so that it is certainly still running when the
 * second writer is tried, then lets it go on while analyze reads.
 */
@Tag("engine")
class ConcurrentUseTest {
    @TempDir
    Path dir;

    @Test
    void secondWriterIsRefusedAndAnalyzeSeesWholeTasks() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("l.duckdb");
        // In one process, each task trains between two commits, so the writer can be frozen outside a
        // commit; worker processes finishing together can keep it committing back to back.
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats", "2",
                "--workers", "1"));
        args.addAll(Pma.TINY);
        Process writer = Pma.spawn(dir.resolve("writer.log"), args);
        try {
            // Frozen after its first commit and outside a transaction: it holds its run lock, not the file.
            long done = freezeBetweenCommits(writer, ledger, 1);
            assertThat(done).as(Files.readString(dir.resolve("writer.log"))).isBetween(1L, 9L);

            List<String> second = new ArrayList<>(args);
            second.add("--resume");
            Pma refused = Pma.run(second);
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.errorLine()).isEqualTo("pma: error: " + ledger
                    + ": another pma run is writing this ledger; wait for it or use another path");

            signal(writer, "CONT"); // analyze reads while the run goes on committing tasks
            Path out = dir.resolve("analysis");
            Pma analyze = Pma.run("analyze", ledger.toString(), "--out", out.toString());
            assertThat(analyze.code()).as(analyze.err()).isZero();
            List<String> runsCsv = Files.readAllLines(out.resolve("runs.csv"));
            List<String> imagesCsv = Files.readAllLines(out.resolve("images.csv"));
            assertThat(runsCsv.size() - 1).isBetween((int) done, 10);
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
            writer.destroyForcibly(); // SIGKILL ends a stopped process too
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

    /**
     * Waits until the writer reports {@code tasks} finished tasks in its log (it reports a task once
     * the task is committed), then stops it (SIGSTOP) at a moment it has no connection to the ledger
     * open, so the ledger reads while it is stopped. Returns the tasks committed by then.
     */
    private long freezeBetweenCommits(Process writer, Path ledger, long tasks) throws Exception {
        Path log = dir.resolve("writer.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600); // a bound for a hung child, not a timing
        while (System.nanoTime() < deadline) {
            assertThat(writer.isAlive()).as("the run ended before it could be stopped mid-run:%n%s", Files.readString(log))
                    .isTrue();
            if (reported(log) < tasks) {
                Thread.sleep(5); // polls the log, which no one locks; the ledger is left to the writer
                continue;
            }
            signal(writer, "STOP");
            long seen = committed(ledger);
            if (seen >= tasks) return seen;
            signal(writer, "CONT"); // stopped inside a commit: let it finish and stop it after the next one
            tasks = reported(log) + 1;
        }
        throw new AssertionError("the run reported no finished task in time:\n" + Files.readString(log));
    }

    /** Finished tasks the run has reported in its log. */
    private static long reported(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(": val AUC ")).count();
    }

    /** Tasks committed so far, or -1 while a writer holds the file. */
    private static long committed(Path ledger) {
        try {
            return Pma.count(ledger, "SELECT count(*) FROM run");
        } catch (RuntimeException busy) {
            return -1;
        }
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }
}
