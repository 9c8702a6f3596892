package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.dataset.Fixtures;
import pma.ledger.Task;
import pma.ledger.Ledger;
import pma.ledger.LedgerSql;
import pma.ledger.RunRecord;

/**
 * A run killed with SIGKILL at several points (while creating the ledger, before its first task
 * finishes, mid-run) and resumed each time records every task exactly once, with no partial rows.
 */
@Tag("engine")
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

        // 2. Early: the run halts after reporting its first task and is killed once the ledger is in
        // place; a second worker process may commit the task it had in hand before the kill.
        killWhen(runArgs(data, ledger, true), "first", 1, () -> Files.exists(ledger));
        assertThat(assertConsistent(ledger)).isLessThanOrEqualTo(2);

        // 3. Mid-run: halted after reporting two tasks, killed once they are committed.
        killWhen(runArgs(data, ledger, true), "mid", 2, () -> Files.exists(ledger) && done(ledger) >= 2);
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

    /**
     * A run killed once two tasks are committed and resumed writes the images.csv and the exact
     * probabilities of an uninterrupted run. The uninterrupted run trains in this process with one
     * engine thread; the killed one with {@code --workers auto}, which trains with one thread per task
     * too (in worker processes, or here on a single core), so the order of the tasks and the process
     * that trains each differ but nothing else does.
     */
    @Test
    void killedAndResumedRunGivesTheImagesCsvOfAnUninterruptedOne() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        int tasks = 3 * 5;
        Path whole = dir.resolve("whole.duckdb");
        Pma w = Pma.run(args(data, whole, "--repeats", "3", "--workers", "1", "--threads", "1"));
        assertThat(w.code()).as(w.err()).isZero();

        Path cut = dir.resolve("cut.duckdb");
        List<String> cutArgs = args(data, cut, "--repeats", "3", "--workers", "auto");
        killWhen(cutArgs, "cut", 2, () -> Files.exists(cut) && done(cut) >= 2);
        int before = assertCommitted(cut);
        assertThat(before).isBetween(2, tasks - 1);
        List<String> resume = new ArrayList<>(cutArgs);
        resume.add("--resume");
        Pma r = Pma.run(resume);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains((tasks - before) + " of " + tasks + " tasks trained now");

        List<String> expected = predictions(whole);
        assertThat(expected.stream().filter(row -> row.contains(" test ")).count()).as("each repeat tests all images once")
                .isEqualTo(3L * IMAGES);
        assertThat(predictions(cut)).isEqualTo(expected);
        assertThat(imagesCsv(cut, "cut")).isEqualTo(imagesCsv(whole, "whole"));
    }

    /**
     * Resuming a run with one task left trains that task as the others were trained: with the
     * threads recorded in the ledger, not all the cores that one pending task would otherwise get.
     * The kill before the last commit is reproduced exactly by removing the last task's rows, which
     * is what a ledger killed then holds (each task is committed in one transaction).
     */
    @Test
    void resumingTheLastTaskGivesTheImagesCsvOfAnUninterruptedRun() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path whole = dir.resolve("whole.duckdb");
        Pma w = Pma.run(args(data, whole, "--repeats", "1", "--workers", "auto"));
        assertThat(w.code()).as(w.err()).isZero();
        byte[] expected = imagesCsv(whole, "whole");
        List<String> expectedRows = predictions(whole);

        Path cut = dir.resolve("cut.duckdb");
        Files.copy(whole, cut);
        dropLastTask(cut);
        assertThat(done(cut)).isEqualTo(4);
        Pma r = Pma.run(args(data, cut, "--repeats", "1", "--workers", "auto", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 of 5 tasks trained now");
        assertThat(predictions(cut)).isEqualTo(expectedRows);
        assertThat(imagesCsv(cut, "cut")).isEqualTo(expected);
    }

    /**
     * A resumed run trains on the ledger's split plan, not on the one this version would draw: the
     * finished tasks used it. Here one test image and one training image of the pending iteration
     * change roles in the ledger, as a plan from another pma version would differ.
     */
    @Test
    void resumedTasksUseTheLedgersSplitPlan() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("l.duckdb");
        Pma w = Pma.run(args(data, ledger, "--repeats", "1", "--threads", "1"));
        assertThat(w.code()).as(w.err()).isZero();
        int it = dropLastTask(ledger);
        int[] moved = LedgerSql.write(ledger, c -> {
            try (var s = c.createStatement()) {
                var rs = s.executeQuery("SELECT min(image) FILTER (WHERE role = 'test'), min(image) FILTER (WHERE role = 'train') "
                        + "FROM split WHERE iteration = " + it);
                rs.next();
                int test = rs.getInt(1), train = rs.getInt(2);
                s.execute("UPDATE split SET role = CASE WHEN image = " + test + " THEN 'train' ELSE 'test' END "
                        + "WHERE iteration = " + it + " AND image IN (" + test + ", " + train + ")");
                return new int[] {it, test, train};
            }
        });
        Pma r = Pma.run(args(data, ledger, "--repeats", "1", "--threads", "1", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).contains("holds a split plan that this pma version would draw differently");
        String where = " FROM prediction p JOIN run USING (run_id) WHERE run.iteration = " + moved[0] + " AND p.role = 'test'";
        assertThat(Pma.count(ledger, "SELECT count(*)" + where + " AND p.image = " + moved[2])).isEqualTo(1);
        assertThat(Pma.count(ledger, "SELECT count(*)" + where + " AND p.image = " + moved[1])).isZero();
    }

    /** Resuming with other engine threads than the ledger's is refused, before anything is trained. */
    @Test
    void resumeWithOtherThreadsIsRefused() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("l.duckdb");
        Pma w = Pma.run(args(data, ledger, "--repeats", "1", "--threads", "1"));
        assertThat(w.code()).as(w.err()).isZero();
        dropLastTask(ledger);
        Pma r = Pma.run(args(data, ledger, "--repeats", "1", "--threads", "2", "--resume"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errorLine()).isEqualTo("pma: error: " + ledger + ": its tasks trained with 1 engine thread(s) each; "
                + "resume with --threads 1 or without --threads, so the rest trains the same way");
        assertThat(done(ledger)).isEqualTo(4);
    }

    private static List<String> args(Path data, Path ledger, String... more) {
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString()));
        args.addAll(Pma.TINY);
        args.addAll(List.of(more));
        return args;
    }

    /** Every validation and test probability in the ledger, exactly, one line per task and image, in a fixed order. */
    private static List<String> predictions(Path ledger) {
        return LedgerSql.read(ledger, c -> {
            List<String> rows = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT r.model, r.iteration, p.image, p.role, "
                    + "p.probability, p.predicted FROM run r JOIN prediction p USING (run_id) "
                    + "ORDER BY r.model, r.iteration, p.image")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getInt(3) + " " + rs.getString(4) + " "
                            + Double.doubleToRawLongBits(rs.getDouble(5)) + " " + rs.getInt(6));
                }
            }
            return rows;
        });
    }

    private byte[] imagesCsv(Path ledger, String name) throws IOException {
        Path out = dir.resolve("analysis-" + name);
        Pma a = Pma.run("analyze", ledger.toString(), "--out", out.toString());
        assertThat(a.code()).as(a.err()).isZero();
        return Files.readAllBytes(out.resolve("images.csv"));
    }

    /** The number of committed tasks, after checking that each has all its predictions. */
    private static int assertCommitted(Path ledger) {
        assertThat(Pma.count(ledger, "SELECT count(*) FROM run r WHERE (SELECT count(*) FROM prediction p WHERE p.run_id = r.run_id)"
                + " <> (SELECT count(*) FROM split s WHERE s.iteration = r.iteration AND s.role IN ('val', 'test'))")).isZero();
        return (int) done(ledger);
    }

    /** Starts pma in a child JVM and kills it with SIGKILL as soon as {@code condition} holds. */
    private void killWhen(List<String> args, String name, BooleanSupplier condition) throws Exception {
        killWhen(args, name, 0, condition);
    }

    /**
     * Runs pma in a child JVM and SIGKILLs it once {@code condition} holds. With {@code haltAfter} > 0
     * the child stops for good after reporting that many tasks (pma.haltAfterSteps), so the kill point
     * is an event of the run, not a race against a fast machine.
     */
    private void killWhen(List<String> args, String name, int haltAfter, BooleanSupplier condition) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = Pma.spawn(log, haltAfter > 0 ? List.of("pma.haltAfterSteps=" + haltAfter) : List.of(), args);
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

    /**
     * Removes the last task's rows, which is what a ledger killed just before that task's commit
     * holds (each task is committed in one transaction); returns the task's iteration.
     */
    private static int dropLastTask(Path ledger) {
        return LedgerSql.write(ledger, c -> {
            try (var s = c.createStatement()) {
                var rs = s.executeQuery("SELECT iteration FROM run WHERE run_id = (SELECT max(run_id) FROM run)");
                rs.next();
                int iteration = rs.getInt(1);
                for (String table : List.of("prediction", "epoch_prob", "cam", "feature_distance", "run")) {
                    s.execute("DELETE FROM " + table + " WHERE run_id = (SELECT max(run_id) FROM run)");
                }
                return iteration;
            }
        });
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
