package pma.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.ledger.Ledger;
import pma.progress.Progress;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;
import pma.ledger.TaskResult;
import pma.ledger.Task;
import pma.ledger.Prediction;
import pma.config.ExperimentConfig;

/** Executors hand outcomes to the ledger; the workload travels intact; failures are recorded. */
class ExperimentTest {
    @TempDir
    Path dir;

    private Workload workload(ExperimentConfig config, Dataset dataset) {
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        ImageTensors tensors = Preprocessor.load(dataset, config.preprocessing());
        return new Workload(config, tensors, dataset.targets(), splits, Map.of("flagged", Set.of(0, 1, 2)));
    }

    /** A stand-in runner: every test image gets probability 0.5. */
    private static TaskResult fake(Task task, Split split) {
        List<Prediction> p = IntStream.of(split.indices(Role.TEST)).mapToObj(i -> new Prediction(i, Role.TEST, 0.5, 1, true)).toList();
        return new TaskResult(task, 1, 1, 1, 0.5, 0.5, 0.5, 0.1, p);
    }

    @Test
    void workloadSurvivesJavaSerialisationAndAppliesExclusions() throws Exception {
        Dataset dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 24, 2, 16), null, w -> {});
        ExperimentConfig config = ExperimentConfig.quick().toBuilder().build();
        Workload w = workload(config, dataset);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(w);
            out.writeObject(fake(new Task("quick_cnn", 0, ""), w.splits().get(0)));
        }
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            Workload back = (Workload) in.readObject();
            assertThat(back.config()).isEqualTo(config);
            assertThat(back.splits()).isEqualTo(w.splits());
            assertThat(back.tensors().pixels()).isDeepEqualTo(w.tensors().pixels());
            assertThat(back.targets()).isEqualTo(w.targets());
            assertThat(((TaskResult) in.readObject()).predictions()).hasSize(w.splits().get(0).indices(Role.TEST).length);
        }
        Split excluded = w.splitOf(new Task("quick_cnn", 0, "flagged"));
        for (int i = 0; i < 3; i++) {
            Role before = w.splits().get(0).roles()[i];
            assertThat(excluded.roles()[i]).isEqualTo(before == Role.TEST ? Role.TEST : Role.EXCLUDED);
        }
        assertThatThrownBy(() -> w.splitOf(new Task("quick_cnn", 0, "nope"))).hasMessageContaining("nope");
    }

    @Test
    void failuresReachedThroughTheSinkAreRecordedAndLeftPending() throws IOException {
        Dataset dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 24, 2, 16), null, w -> {});
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("quick_cnn"));
        b.optRepeats(1);
        ExperimentConfig config = b.build();
        Workload w = workload(config, dataset);
        Ledger ledger = Ledger.create(dir.resolve("l.duckdb"), config, dataset, w.splits(), "test");
        List<Task> all = Experiment.tasks(config, "");
        // An executor that fails every second task, as a cluster executor reports tasks out of retries.
        TaskExecutor halfFailing = (work, todo, sink) -> {
            for (Task t : todo) {
                if (t.iteration() % 2 == 1) sink.failed(t, 99, "lost executor");
                else sink.finished(fake(t, work.splitOf(t)));
            }
        };
        Progress quiet = new Progress("train", all.size(), new PrintStream(new ByteArrayOutputStream()), false);
        int failed = Experiment.run(ledger, all, w, halfFailing, quiet);
        assertThat(failed).isEqualTo(2); // 5 tasks: iterations 1 and 3 fail
        List<Task> pending = Experiment.pending(ledger, all);
        assertThat(pending).allMatch(t -> t.iteration() % 2 == 1).hasSize(failed);

        List<Task> seen = new ArrayList<>();
        Experiment.run(ledger, pending, w, new LocalExecutor(work -> (t, s) -> {
            seen.add(t);
            return fake(t, s);
        }), new Progress("train", pending.size(), new PrintStream(new ByteArrayOutputStream()), false));
        assertThat(seen).isEqualTo(pending);
        assertThat(ledger.finishedTasks()).hasSize(all.size());
        assertThat(ledger.failedTasks()).isEmpty();
    }
}
