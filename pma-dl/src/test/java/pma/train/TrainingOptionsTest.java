package pma.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.engine.Engines;
import pma.config.ExperimentConfig;
import pma.models.Models;

/** Learning-rate schedules, starting weights, and how experiment settings reach a task. */
@Tag("engine")
class TrainingOptionsTest {

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    private static TrainingConfig withSchedule(String schedule, int maxEpochs) {
        return new TrainingConfig("quick_cnn", 16, 1, maxEpochs, 1, 8, "momentum", 0.1f, 0.9f, 0f, false, false, 1,
                schedule, null);
    }

    @Test
    void cosineFallsToOnePercentOverAllEpochs() {
        Tracker t = Optimizers.schedule(withSchedule("cosine", 10), 5); // 50 updates
        assertThat(t.getNewValue(0)).isCloseTo(0.1f, within(1e-6f));
        assertThat(t.getNewValue(25)).isCloseTo(0.0505f, within(1e-3f));
        assertThat(t.getNewValue(50)).isCloseTo(0.001f, within(1e-5f));
    }

    @Test
    void stepDropsTenfoldAtHalfAndThreeQuarters() {
        Tracker t = Optimizers.schedule(withSchedule("step", 10), 4); // 40 updates
        assertThat(t.getNewValue(10)).isCloseTo(0.1f, within(1e-6f));
        assertThat(t.getNewValue(25)).isCloseTo(0.01f, within(1e-6f));
        assertThat(t.getNewValue(35)).isCloseTo(0.001f, within(1e-6f));
        assertThat(Optimizers.schedule(withSchedule("fixed", 10), 4).getNewValue(39)).isEqualTo(0.1f);
    }

    @Test
    void unknownScheduleIsRefused() {
        assertThatThrownBy(() -> withSchedule("warm", 3))
                .hasMessage("--lr-schedule must be fixed, cosine or step, got warm");
    }

    @Test
    void taskConfigCarriesTheExperimentsSettings() {
        ExperimentConfig.Builder b = ExperimentConfig.paper().toBuilder();
        b.optLrSchedule(ExperimentConfig.LrSchedule.of("cosine"));
        b.optAugment(true);
        b.optWeightDecay(1e-4);
        b.optWeights(Map.of("cnn2", "/w/cnn2-0000.params"));
        TrainingConfig tc = TrainingConfig.forTask(b.build(), "cnn2", 5);
        assertThat(tc.optimizer()).isEqualTo(ExperimentConfig.Optimizer.SGD);
        assertThat(tc.learningRate()).isEqualTo(0.005f);
        assertThat(tc.batchSize()).isEqualTo(8);
        assertThat(tc.lrSchedule()).isEqualTo(ExperimentConfig.LrSchedule.COSINE);
        assertThat(tc.augment()).isTrue();
        assertThat(tc.weightDecay()).isEqualTo(1e-4f);
        assertThat(tc.weights()).isEqualTo(Path.of("/w/cnn2-0000.params"));
        assertThat(TrainingConfig.forTask(b.build(), "cnn1", 5).weights()).isNull();
    }

    /**
     * A task started from a weights file predicts what that file's network predicts: cnn2 (no
     * batch norm) trained one epoch with a negligible learning rate.
     */
    @Test
    void trainingStartsFromTheWeightsFile(@TempDir Path dir) {
        Path file = dir.resolve("start-0000.params");
        TrainingData data = Synthetic.blobs(12, 1, 16, 4);
        float[] expected;
        try (Model m = Model.newInstance("start", Device.cpu(), Engines.ENGINE)) {
            Engines.seed(99);
            Block block = Models.build("cnn2", 1, 16).block();
            block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
            Models.saveWeights(block, file);
            NDManager mm = m.getNDManager();
            float[] x = new float[2 * 256];
            System.arraycopy(data.pixels()[10], 0, x, 0, 256);
            System.arraycopy(data.pixels()[11], 0, x, 256, 256);
            float[] p = block.forward(new ParameterStore(mm, false), new NDList(mm.create(x, new Shape(2, 1, 16, 16))),
                    false).singletonOrThrow().softmax(1).toFloatArray();
            expected = new float[] {p[1], p[3]};
        }
        TrainingConfig cfg = new TrainingConfig("cnn2", 16, 1, 1, 1, 4, "sgd", 1e-9f, 0f, 0f, false, false, 1,
                "fixed", file);
        TrainingOutcome o = ModelTrainer.train(cfg, data, Synthetic.range(0, 8), Synthetic.range(8, 10),
                Synthetic.range(10, 12));
        assertThat(o.testProbabilities()[0]).isCloseTo(expected[0], within(1e-5f));
        assertThat(o.testProbabilities()[1]).isCloseTo(expected[1], within(1e-5f));
        TrainingOutcome fresh = ModelTrainer.train(cfg.withSeed(1), data, Synthetic.range(0, 8),
                Synthetic.range(8, 10), Synthetic.range(10, 12));
        assertThat(fresh.testProbabilities()).containsExactly(o.testProbabilities()); // seed does not matter then
        assertThat(List.of(o.testProbabilities()[0])).doesNotContain(0.5f);
    }
}
