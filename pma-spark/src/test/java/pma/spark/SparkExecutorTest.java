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
 * A failing task is retried by Spark ({@code local[2]}), then recorded as failed while the others
 * finish (pma-dist's SparkRunTest: the same experiment on Spark and in-process gives the same ledger). One SparkContext for
 * the whole class: every executor here finds it and reuses it.
 */
@Tag("engine")
class SparkExecutorTest {
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

    @Test
    void aFailingTaskIsRetriedThenRecordedAndTheExperimentGoesOn() throws IOException {
        Flaky.attempts.clear();
        Flaky.runnersMade.set(0);
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("quick_cnn"));
        b.optImageSize(16);
        b.optMaxEpochs(1);
        b.optBatchSize(16);
        b.optRepeats(1);
        ExperimentConfig config = b.build();
        Dataset dataset = DatasetReader.read(data, null, w -> {});
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Workload work = new Workload(config, Preprocessor.load(dataset, config.preprocessing()), dataset.targets(), splits);
        Ledger ledger = Ledger.create(dir.resolve("flaky.duckdb"), config, dataset, splits, "test");
        List<Task> all = Experiment.tasks(config, "");

        int failed;
        try (SparkExecutor flaky = new SparkExecutor("local[2]", 0, new Flaky())) {
            failed = Experiment.run(ledger, all, work, flaky, quiet(all.size()));
        }
        assertThat(failed).isEqualTo(2);
        Map<Task, String> failures = ledger.failedTasks();
        assertThat(failures.keySet()).containsExactlyInAnyOrder(new Task("quick_cnn", 1, ""), new Task("quick_cnn", 3, ""));
        // Spark tried the crashing task spark.task.maxFailures (4) times; its last error is kept.
        assertThat(Flaky.attempts.get(1)).hasValue(4);
        assertThat(failures.get(new Task("quick_cnn", 1, ""))).contains("failed 4 times").contains("executor crashed");
        // A task that failed once was retried and finished.
        assertThat(Flaky.attempts.get(2)).hasValue(2);
        // Bad input fails the same way every time: reported at once, not retried.
        assertThat(Flaky.attempts.get(3)).hasValue(1);
        assertThat(failures.get(new Task("quick_cnn", 3, ""))).isEqualTo("model quick_cnn diverged (NaN loss) at epoch 1");
        assertThat(ledger.finishedTasks()).containsExactlyInAnyOrder(new Task("quick_cnn", 0, ""),
                new Task("quick_cnn", 2, ""), new Task("quick_cnn", 4, ""));
        // The workload reached the executor once: one runner for all five tasks and their retries.
        assertThat(Flaky.runnersMade).hasValue(1);

        // A resume retries exactly the failed tasks.
        List<Task> pending = Experiment.pending(ledger, all);
        assertThat(pending).containsExactlyInAnyOrderElementsOf(failures.keySet());
        try (SparkExecutor executor = new SparkExecutor("local[2]", 0, new RunnerFactory.Djl())) {
            assertThat(Experiment.run(ledger, pending, work, executor, quiet(pending.size()))).isZero();
        }
        assertThat(ledger.finishedTasks()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ledger.failedTasks()).isEmpty();
        assertThat(spark.sc().isStopped()).as("the shared context is not the executors' to stop").isFalse();
    }

    private static Progress quiet(int total) {
        return new Progress("train", total, new PrintStream(new ByteArrayOutputStream()), false);
    }

    /** Iteration 1 always crashes, 2 crashes on its first attempt, 3 is bad input; the rest train. */
    static final class Flaky implements RunnerFactory {
        static final Map<Integer, AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        static final AtomicInteger runnersMade = new AtomicInteger();

        @Override
        public TaskRunner create(Workload work) {
            runnersMade.incrementAndGet();
            TaskRunner real = new Djl().create(work);
            return (task, split) -> {
                attempts.computeIfAbsent(task.iteration(), k -> new AtomicInteger()).incrementAndGet();
                int attempt = TaskContext.get().attemptNumber();
                if (task.iteration() == 1 || (task.iteration() == 2 && attempt == 0)) {
                    throw new IllegalStateException("executor crashed on attempt " + attempt);
                }
                if (task.iteration() == 3) throw new BadInputException("model quick_cnn diverged (NaN loss) at epoch 1");
                return real.run(task, split);
            };
        }
    }


    @Test
    void mastersAndRetries() {
        assertThat(SparkExecutor.withRetries("local[2]", 4)).isEqualTo("local[2,4]");
        assertThat(SparkExecutor.withRetries("local[*]", 3)).isEqualTo("local[*,3]");
        assertThat(SparkExecutor.withRetries("local", 4)).isEqualTo("local[1,4]");
        assertThat(SparkExecutor.withRetries("local[2,1]", 4)).isEqualTo("local[2,1]");
        assertThat(SparkExecutor.withRetries("yarn", 4)).isEqualTo("yarn");
        for (String ok : List.of("local", "local[8]", "spark://head:7077", "yarn", "k8s://https://api:6443")) {
            assertThat(SparkExecutor.master(ok)).isEqualTo(ok);
        }
        assertThatThrownBy(() -> SparkExecutor.master("")).hasMessageEndingWith("got nothing");
        assertThat(SparkExecutor.oneLine(new RuntimeException("Job aborted due to stage failure: Task 0 failed\n\tat x")))
                .isEqualTo("Task 0 failed");
    }
}
