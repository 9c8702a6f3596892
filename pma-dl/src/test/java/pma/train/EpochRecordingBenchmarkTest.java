package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost of per-epoch records: seconds per task of 4 epochs at 64 px for 480 training images,
 * batch 32, with recording off, from the training pass, and from an extra inference pass. Modes are
 * interleaved and repeated so that a busy machine hurts them alike. Run with -Pslow;
 * -Dpma.bench.models=a,b picks the models.
 */
@Tag("slow")
class EpochRecordingBenchmarkTest {

    @Test
    void costOfEachMode() {
        Engines.init();
        TrainingData data = Synthetic.blobs(600, 1, 64, 21);
        int[] train = Synthetic.range(0, 480), val = Synthetic.range(480, 540), test = Synthetic.range(540, 600);
        EpochRecording[] modes = EpochRecording.values();
        for (String model : System.getProperty("pma.bench.models", "quick_cnn,quick_resnet").split(",")) {
            TrainingConfig cfg = new TrainingConfig(model, 64, 1, 4, 4, 32, "adam", 1e-3f, 0.9f, 0f, true, false, 1);
            double[] seconds = new double[modes.length];
            for (int round = 0; round < 3; round++) {
                for (int m = 0; m < modes.length; m++) {
                    seconds[m] += ModelTrainer.train(cfg, data, train, val, test, TrainingHooks.NONE, modes[m]).trainSeconds();
                }
            }
            System.out.printf(Locale.ROOT, "BENCH %-12s epoch records off %.2f s, train %.2f s (%+.0f%%), eval %.2f s (%+.0f%%)"
                            + " per 4-epoch task%n", model, seconds[0] / 3, seconds[1] / 3, 100 * (seconds[1] / seconds[0] - 1),
                    seconds[2] / 3, 100 * (seconds[2] / seconds[0] - 1));
            assertThat(seconds[0]).isPositive();
        }
    }
}
