package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost of per-epoch records: wall and process CPU seconds per task of 4 epochs at 64 px for 480
 * training images, batch 32, with recording off, from the training pass, and from an extra inference
 * pass. Modes are interleaved and repeated so that a busy machine hurts them alike; CPU time is the
 * steadier measure there. Run with -Pslow; -Dpma.bench.models=a,b picks the models and
 * -Dpma.bench.threads=N the intra-op threads.
 */
@Tag("slow")
@Tag("engine")
class EpochRecordingBenchmarkTest {

    @Test
    void costOfEachMode() {
        Engines.init();
        Integer threads = Integer.getInteger("pma.bench.threads");
        if (threads != null) Engines.setIntraOpThreads(threads);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TrainingData data = Synthetic.blobs(600, 1, 64, 21);
        int[] train = Synthetic.range(0, 480), val = Synthetic.range(480, 540), test = Synthetic.range(540, 600);
        EpochRecording[] modes = EpochRecording.values();
        int rounds = Integer.getInteger("pma.bench.rounds", 3);
        for (String model : System.getProperty("pma.bench.models", "quick_cnn,quick_resnet").split(",")) {
            TrainingConfig cfg = new TrainingConfig(model, 64, 1, 4, 4, 32, "adam", 1e-3f, 0.9f, 0f, true, false, 1);
            ModelTrainer.train(cfg.withEpochs(1, 1), data, train, val, test); // warm-up
            double[] wall = new double[modes.length], cpu = new double[modes.length];
            for (int round = 0; round < rounds; round++) {
                for (int m = 0; m < modes.length; m++) {
                    long c0 = os.getProcessCpuTime();
                    wall[m] += ModelTrainer.train(cfg, data, train, val, test, TrainingHooks.NONE, modes[m]).trainSeconds();
                    cpu[m] += (os.getProcessCpuTime() - c0) / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "BENCH %-12s 4 epochs, %d threads; wall s: off %.2f, train %.2f (%+.0f%%), "
                            + "eval %.2f (%+.0f%%); cpu s: off %.2f, train %.2f (%+.0f%%), eval %.2f (%+.0f%%)%n",
                    model, Engines.intraOpThreads(), wall[0] / rounds, wall[1] / rounds, 100 * (wall[1] / wall[0] - 1),
                    wall[2] / rounds, 100 * (wall[2] / wall[0] - 1), cpu[0] / rounds, cpu[1] / rounds,
                    100 * (cpu[1] / cpu[0] - 1), cpu[2] / rounds, 100 * (cpu[2] / cpu[0] - 1));
            assertThat(wall[0]).isPositive();
        }
    }
}
