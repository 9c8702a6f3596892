package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import pma.engine.Engines;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Native memory does not grow with the number of trained models. cnn2 at 64 px has about 150k
 * parameters, so a leaked Adam state would cost over 1 MB per task: with DJL's stock Adam (state
 * detached, never closed) native memory grew 116 MB over these 50 measured tasks; with {@link
 * Optimizers} it grew 4 MB. Linux only: reads VmRSS from /proc/self/status
 * and subtracts the Java heap.
 */
@Tag("slow")
@Tag("engine")
class NativeMemoryTest {

    @Test
    void sixtyTasksDoNotGrowNativeMemory() throws IOException {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status));
        Engines.init();
        TrainingData data = Synthetic.blobs(8, 1, 64, 3);
        TrainingConfig cfg = new TrainingConfig("cnn2", 64, 1, 1, 1, 4, "adam", 1e-3f, 0.9f, 0f,
                true, false, 1);
        long baseline = 0;
        long last = 0;
        for (int run = 0; run < 60; run++) {
            ModelTrainer.train(cfg, data, Synthetic.range(0, 4), Synthetic.range(4, 6),
                    Synthetic.range(6, 8));
            if (run == 9) {
                baseline = nativeKb(status); // after warm-up (allocator pools, JIT)
            }
            last = nativeKb(status);
        }
        long growthMb = (last - baseline) / 1024;
        System.out.printf(Locale.ROOT, "MEM native growth over 50 tasks: %d MB%n", growthMb);
        assertThat(growthMb).isLessThan(40);
        assertThat(ModelTrainerTest.liveArrays()).isZero();
    }

    private static long nativeKb(Path status) throws IOException {
        System.gc();
        long rss = 0;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return rss - Runtime.getRuntime().totalMemory() / 1024;
    }
}
