package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.experiment.Task;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;

/**
 * A run killed with SIGKILL at several points (while creating the ledger, before its first task
 * finishes, mid-run) and resumed each time records every task exactly once, with no partial rows.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    // Enough tasks that a kill "mid-run" lands mid-run even when tiny tasks take a fraction of a second.
    static final int REPEATS = 6;
    static final int TASKS = REPEATS * 5; // repeats x 5 folds x 1 model
    static final int IMAGES = 48;

    private List<String> runArgs(Path data, Path ledger, boolean resume) {
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats",
                Integer.toString(REPEATS)));
        args.addAll(Pma.TINY);
        if (resume) args.add("--resume");
        return args;
    }

    @Test
    void killedAtSeveralPointsAndResumedRecordsEveryTaskOnce() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("l.duckdb");

        // 1. While the ledger is being created (built under a temporary name, renamed when complete).
        Path creating = dir.resolve(".l.duckdb.creating");
        killWhen(runArgs(data, ledger, false), "create", () -> Files.exists(creating));
        assertThat(ledger).as("no half-created ledger").doesNotExist();

        // 2. Before the first task finishes: killed once the ledger is in place.
        killWhen(runArgs(data, ledger, true), "first", () -> Files.exists(ledger) && done(ledger) == 0);
        assertThat(assertConsistent(ledger)).isLessThanOrEqualTo(1);

        // 3. Mid-run: killed after two tasks.
        killWhen(runArgs(data, ledger, true), "mid", () -> Files.exists(ledger) && done(ledger) >= 2);
        int before = assertConsistent(ledger);
        assertThat(before).isBetween(2, TASKS - 1);

        Pma c = Pma.run(runArgs(data, ledger, true));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains((TASKS - before) + " of " + TASKS + " tasks trained now, " + before + " were already done");
        assertThat(assertConsistent(ledger)).isEqualTo(TASKS);
        List<RunRecord> runs = Ledger.open(ledger).runs("");
        assertThat(runs.stream().map(r -> new Task(r.model(), r.iteration(), r.exclusion())).distinct()).hasSize(TASKS);
        assertThat(Pma.count(ledger, "SELECT count(*) FROM prediction WHERE role = 'test'"))
                .as("each repeat tests all images once").isEqualTo((long) REPEATS * IMAGES);
    }

    @Test
    void sameSeedGivesIdenticalImagesCsv() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        byte[][] tables = new byte[2][];
        for (int k = 0; k < 2; k++) {
            Path ledger = dir.resolve("l" + k + ".duckdb");
            List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats", "1"));
            args.addAll(Pma.TINY);
            assertThat(Pma.run(args).code()).isZero();
            Path out = dir.resolve("out" + k);
            Pma a = Pma.run("analyze", ledger.toString(), "--out", out.toString());
            assertThat(a.code()).as(a.err()).isZero();
            tables[k] = Files.readAllBytes(out.resolve("images.csv"));
        }
        assertThat(tables[1]).isEqualTo(tables[0]);
        assertThat(new String(tables[0]).lines().count()).isEqualTo(IMAGES + 1);
    }

    /** Starts pma in a child JVM and kills it with SIGKILL as soon as {@code condition} holds. */
    private void killWhen(List<String> args, String name, BooleanSupplier condition) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = Pma.spawn(log, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600); // generous: CI machines can be busy
        boolean hit = false;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                hit = condition.getAsBoolean();
            } catch (RuntimeException busy) {
                // the child holds the file for a moment; look again
            }
            if (hit) break;
            Thread.sleep(2);
        }
        boolean alive = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Linux
        assertThat(alive && hit).as("child ended or timed out before the kill point '%s'; log:%n%s", name, Files.readString(log)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static long done(Path ledger) {
        return Pma.count(ledger, "SELECT count(*) FROM run");
    }

    /**
     * The ledger is whole: the experiment, every split, and for each run all of its predictions
     * and nothing else. Returns the number of finished tasks.
     */
    private static int assertConsistent(Path ledger) {
        assertThat(Pma.count(ledger, "SELECT count(*) FROM experiment")).isEqualTo(1);
        assertThat(Pma.count(ledger, "SELECT count(*) FROM image")).isEqualTo(IMAGES);
        assertThat(Pma.count(ledger, "SELECT count(*) FROM split")).isEqualTo((long) TASKS * IMAGES);
        assertThat(Pma.count(ledger, "SELECT count(*) FROM prediction WHERE run_id NOT IN (SELECT run_id FROM run)")).isZero();
        assertThat(Pma.count(ledger, "SELECT count(*) FROM run r WHERE (SELECT count(*) FROM prediction p WHERE p.run_id = r.run_id)"
                + " <> (SELECT count(*) FROM split s WHERE s.iteration = r.iteration AND s.role IN ('val', 'test'))"))
                .as("runs whose predictions are not exactly their validation and test images").isZero();
        return (int) Pma.count(ledger, "SELECT count(*) FROM run");
    }
}
