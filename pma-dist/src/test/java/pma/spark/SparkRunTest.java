package pma.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.cli.Main;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.dataset.Preprocessor;
import pma.experiment.Experiment;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.experiment.TaskRunner;
import pma.experiment.Workload;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.progress.Progress;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;

/**
 * {@code pma run --executor spark} through the command line: the same experiment on Spark
 * ({@code local[2]}) and in-process gives the same ledger, and bad Spark options are refused before
 * anything is written. One SparkContext for the whole class: every executor here finds it and reuses it.
 */
@Tag("engine")
class SparkRunTest {
    static final List<String> TINY = List.of("--models", "quick_cnn", "--size", "16", "--epochs", "2", "--patience", "1",
            "--batch", "16", "--repeats", "1");

    @TempDir
    static Path dir;
    static Path data;
    static JavaSparkContext spark;

    @BeforeAll
    static void start() throws IOException {
        data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        spark = new JavaSparkContext(SparkExecutor.conf("local[2]").set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Cli(int code, String out, String err) {
        static Cli run(List<String> args) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            return new Cli(code, out.toString(), err.toString());
        }
    }

    private static Cli pmaRun(Path ledger, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString()));
        args.addAll(TINY);
        args.addAll(List.of(extra));
        return Cli.run(args);
    }

    /** Probability by (model, iteration, image, role). */
    private static Map<String, Double> probabilities(Ledger ledger) {
        Map<Integer, RunRecord> runs = new HashMap<>();
        ledger.runs("").forEach(r -> runs.put(r.runId(), r));
        Map<String, Double> out = new HashMap<>();
        for (Role role : List.of(Role.VAL, Role.TEST)) {
            ledger.predictions(role).forEach((runId, ps) -> {
                for (Prediction p : ps) {
                    RunRecord r = runs.get(runId);
                    out.put(r.model() + "/" + r.iteration() + "/" + p.image() + "/" + role, p.probability());
                }
            });
        }
        return out;
    }

    @Test
    void sparkRunRecordsWhatALocalRunRecords() throws IOException {
        Path localLedger = dir.resolve("local.duckdb"), sparkLedger = dir.resolve("spark.duckdb");
        // In this process, one task at a time on the cores, as each task trains on local[2].
        Cli local = pmaRun(localLedger, "--workers", "1");
        assertThat(local.code()).as(local.err()).isZero();
        Cli onSpark = pmaRun(sparkLedger, "--executor", "spark", "--master", "local[2]");
        assertThat(onSpark.code()).as(onSpark.err()).isZero();
        assertThat(onSpark.out()).contains("5 of 5 tasks trained now, 0 were already done");
        assertThat(onSpark.err()).contains("to run on executor spark");

        Ledger a = Ledger.open(localLedger), b = Ledger.open(sparkLedger);
        assertThat(b.finishedTasks()).hasSize(5).isEqualTo(a.finishedTasks());
        assertThat(b.splits()).isEqualTo(a.splits());
        assertThat(b.runs("")).extracting(RunRecord::model, RunRecord::iteration, RunRecord::seed, RunRecord::epochs,
                        RunRecord::bestEpoch, RunRecord::threshold)
                .isEqualTo(a.runs("").stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.model(), r.iteration(),
                        r.seed(), r.epochs(), r.bestEpoch(), r.threshold())).toList());
        // Same seeds, same data, one task at a time per JVM: the same arithmetic, so equal to within
        // float rounding; in practice the probabilities are bit for bit equal.
        Map<String, Double> pa = probabilities(a), pb = probabilities(b);
        int expected = a.splits().stream().mapToInt(sp -> sp.indices(Role.VAL).length + sp.indices(Role.TEST).length).sum();
        assertThat(pb.keySet()).hasSize(expected).isEqualTo(pa.keySet());
        pa.forEach((k, v) -> assertThat(pb.get(k)).as(k).isCloseTo(v, within(1e-6)));

        // The analysis of either ledger is the same table.
        for (Path l : List.of(localLedger, sparkLedger)) {
            Cli an = Cli.run(List.of("analyze", l.toString(), "--out", dir.resolve("out-" + l.getFileName()).toString()));
            assertThat(an.code()).as(an.err()).isZero();
        }
        assertThat(Files.readString(dir.resolve("out-spark.duckdb/images.csv")))
                .isEqualTo(Files.readString(dir.resolve("out-local.duckdb/images.csv")));
    }



    @Test
    void badSparkOptionsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path ledger = dir.resolve("bad.duckdb");
        Cli c = pmaRun(ledger, "--executor", "spark", "--master", "local[two]");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err().lines().filter(l -> l.startsWith("pma: error: "))).containsExactly(
                "pma: error: --master must be local[N], local[*], spark://HOST:PORT, yarn or k8s://URL, got local[two]");
        assertThat(ledger).doesNotExist();
        // A cluster's executors start their engines themselves, in fp32.
        Cli bf16 = pmaRun(ledger, "--executor", "spark", "--master", "local[2]", "--precision", "bf16");
        assertThat(bf16.code()).isEqualTo(2);
        assertThat(bf16.err().lines().filter(l -> l.startsWith("pma: error: "))).containsExactly(
                "pma: error: --precision bf16 trains on this machine only, not with --executor spark");
        assertThat(ledger).doesNotExist();
        // An fp32 run from a shell that set the bf16 math mode: local[2] would train in it.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                data.toString(), "--ledger", ledger.toString(), "--executor", "spark", "--master", "local[2]"));
        cmd.addAll(TINY);
        ProcessBuilder child = new ProcessBuilder(cmd).redirectErrorStream(true);
        child.environment().put("ONEDNN_DEFAULT_FPMATH_MODE", "BF16");
        Process p = child.start();
        String printed = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(printed).isEqualTo(2);
        assertThat(printed.lines().filter(l -> l.startsWith("pma: error: "))).containsExactly("pma: error: "
                + "ONEDNN_DEFAULT_FPMATH_MODE=BF16 is set, and --executor spark would train in it; unset it, or train on "
                + "this machine with --precision bf16");
        assertThat(ledger).doesNotExist();
    }

}
