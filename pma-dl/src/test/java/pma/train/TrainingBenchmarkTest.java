package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.models.Models;

/**
 * Seconds per epoch at 64 px for 480 training images, batch 32 (plus predicting 60 validation
 * images each epoch), for every model. Prints one line per model; run with -Pslow. Set the
 * intra-op thread count with -Dpma.bench.threads=N (default: the engine's), the models with
 * -Dpma.bench.models=a,b and the channels with -Dpma.bench.channels=3.
 */
@Tag("slow")
@Tag("engine")
class TrainingBenchmarkTest {

    @Test
    void secondsPerEpochAt64px() {
        Engines.init();
        Integer threads = Integer.getInteger("pma.bench.threads");
        if (threads != null) {
            Engines.setIntraOpThreads(threads);
        }
        int channels = Integer.getInteger("pma.bench.channels", 1);
        TrainingData data = Synthetic.blobs(600, channels, 64, 21);
        int[] train = Synthetic.range(0, 480);
        int[] val = Synthetic.range(480, 540);
        int[] test = Synthetic.range(540, 600);
        for (String model : System.getProperty("pma.bench.models", String.join(",", Models.names())).split(",")) {
            double one = run(model, channels, 1, data, train, val, test);
            double three = run(model, channels, 3, data, train, val, test);
            double perEpoch = (three - one) / 2;
            System.out.printf(Locale.ROOT,
                    "BENCH %-12s 64px x%d ch, 480 train, batch 32, %d intra-op threads: %.2f s/epoch"
                            + " (1-epoch task %.2f s)%n",
                    model, channels, Engines.intraOpThreads(), perEpoch, one);
            assertThat(perEpoch).isPositive();
        }
    }

    private static double run(String model, int channels, int epochs, TrainingData data,
            int[] train, int[] val, int[] test) {
        TrainingConfig cfg = new TrainingConfig(model, 64, channels, epochs, epochs, 32, "adam",
                1e-3f, 0.9f, 0f, true, false, 1);
        return ModelTrainer.train(cfg, data, train, val, test).trainSeconds();
    }
}
