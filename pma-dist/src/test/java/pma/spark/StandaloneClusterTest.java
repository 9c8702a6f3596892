package pma.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.ledger.Task;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.split.Role;
import pma.split.Split;

/**
 * A Spark standalone cluster of separate JVMs (bin/spark-local-cluster: a master and two workers)
 * runs {@code bin/pma run --executor spark} to the end when a worker and its executor are killed
 * mid-run, and when the driver itself is killed and the run resumed: every task once in the
 * ledger, none partial. Kills wait for a committed task (the progress line the driver prints
 * after each ledger transaction), never for a time.
 */
@Tag("slow")
@Tag("engine")
class StandaloneClusterTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final List<String> ARGS = List.of("--models", "quick_cnn", "--size", "16", "--epochs", "8", "--patience", "8",
            "--batch", "16", "--repeats", "1", "--threads", "1");

    @TempDir
    static Path dir;
    static Path data;
    static List<String> env;
    static String master;

    @BeforeAll
    static void start() throws Exception {
        data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        // bin/pma builds the jars when they are missing or older than the sources.
        assertThat(exec(List.of(ROOT.resolve("bin/pma").toString(), "--version"))).isZero();
        int port = freePort(), ui = freePort();
        env = List.of("PMA_CLUSTER_DIR=" + dir.resolve("cluster"), "PMA_SPARK_PORT=" + port, "PMA_SPARK_UI_PORT=" + ui);
        assertThat(exec(List.of(ROOT.resolve("bin/spark-local-cluster").toString(), "start", "2"))).isZero();
        master = "spark://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (env != null) exec(List.of(ROOT.resolve("bin/spark-local-cluster").toString(), "stop"));
    }

    @Test
    void aLostWorkerAndALostDriverLeaveEveryTaskOnceInTheLedger() throws Exception {
        // A worker and its executor killed once one task is committed: the run goes on and finishes.
        Path ledger = dir.resolve("worker.duckdb");
        Running run = Running.start(ledger, false);
        run.committed.await();
        long worker = Long.parseLong(Files.readString(dir.resolve("cluster/worker-1.pid")).strip());
        ProcessHandle w = ProcessHandle.of(worker).orElseThrow();
        w.descendants().forEach(ProcessHandle::destroyForcibly); // SIGKILL: the executor
        w.destroyForcibly(); // and the worker
        assertThat(run.process.waitFor()).as(run.log()).isZero();
        assertThat(run.log()).contains("5 of 5 tasks trained now");
        assertEveryTaskOnce(ledger);

        // The driver killed once one task is committed, then --resume: the other tasks, once each.
        Path second = dir.resolve("driver.duckdb");
        Running killed = Running.start(second, false);
        killed.committed.await();
        killed.process.destroyForcibly();
        killed.process.waitFor();
        Set<Task> before = Ledger.open(second).finishedTasks();
        assertThat(before).isNotEmpty();
        Running resumed = Running.start(second, true);
        assertThat(resumed.process.waitFor()).as(resumed.log()).isZero();
        assertThat(resumed.log()).contains((5 - before.size()) + " of 5 tasks trained now, " + before.size() + " were already done");
        assertEveryTaskOnce(second);
    }

    /** Five tasks (quick_cnn x 5 folds), one run row each, each with its whole test set predicted. */
    static void assertEveryTaskOnce(Path file) {
        Ledger ledger = Ledger.open(file);
        List<RunRecord> runs = ledger.runs("");
        assertThat(runs).extracting(RunRecord::iteration).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(runs).extracting(RunRecord::status).containsOnly("done");
        assertThat(ledger.failedTasks()).isEmpty();
        var test = ledger.predictions(Role.TEST);
        for (RunRecord r : runs) {
            Split split = ledger.splits().get(r.iteration());
            assertThat(test.get(r.runId())).as("run %d", r.runId()).hasSize(split.indices(Role.TEST).length);
        }
        // 48 images in 5 folds: every image is tested exactly once over the five tasks.
        assertThat(runs.stream().flatMap(r -> test.get(r.runId()).stream()).map(p -> p.image()).collect(Collectors.toList()))
                .hasSize(48).doesNotHaveDuplicates();
    }

    /** A bin/pma run whose stderr is read as it comes; {@code committed} opens at the first finished task. */
    record Running(Process process, StringBuffer output, CountDownLatch committed) {
        static Running start(Path ledger, boolean resume) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/pma").toString(), "run", data.toString(),
                    "--ledger", ledger.toString(), "--executor", "spark", "--master", master));
            if (resume) cmd.add("--resume");
            else cmd.addAll(ARGS);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Running r = new Running(p, new StringBuffer(), new CountDownLatch(1));
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        r.output.append(line).append('\n');
                        // Progress prints a task's line after its ledger transaction.
                        if (line.matches("train \\[.*] [1-5]/5 .*")) r.committed.countDown();
                    }
                } catch (IOException e) {
                    r.output.append(e).append('\n');
                }
                r.committed.countDown(); // the run ended: let the test see why
            });
            reader.setDaemon(true);
            reader.start();
            return r;
        }

        String log() {
            return output.toString();
        }
    }

    static int exec(List<String> cmd) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile()));
        if (env != null) for (String e : env) b.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        Process p = b.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) p.destroyForcibly();
        return p.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
