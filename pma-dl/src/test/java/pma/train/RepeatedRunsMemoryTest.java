package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.engine.Engines;
import pma.bench.Bench;

/**
 * Resident memory stays flat over 20 consecutive training runs of densenet121 (7.0M parameters:
 * a leaked Adam state would add 56 MB per run, over 1 GB in all). Prints RSS after every run.
 */
@Tag("slow")
@Tag("engine")
class RepeatedRunsMemoryTest {

    @Test
    void twentyDensenetRunsKeepResidentMemoryFlat() {
        Assumptions.assumeFalse(Double.isNaN(Bench.residentMib()));
        Engines.init();
        Engines.setIntraOpThreads(1);
        TrainingData data = Synthetic.blobs(12, 3, 32, 5);
        TrainingConfig cfg = new TrainingConfig("densenet121", 32, 3, 2, 2, 4, "adam", 1e-3f, 0.9f, 0f,
                true, false, 1);
        double afterThird = 0;
        double last = 0;
        StringBuilder line = new StringBuilder();
        for (int run = 1; run <= 20; run++) {
            ModelTrainer.train(cfg.withSeed(run), data, Synthetic.range(0, 8), Synthetic.range(8, 10),
                    Synthetic.range(10, 12));
            System.gc();
            last = Bench.residentMib();
            if (run == 3) afterThird = last; // allocator pools and JIT have settled
            line.append(String.format(Locale.ROOT, " %.0f", last));
        }
        System.out.printf(Locale.ROOT, "MEM densenet121 RSS MiB after each of 20 runs:%s (growth after run 3: %.0f MiB)%n",
                line, last - afterThird);
        assertThat(last - afterThird).isLessThan(150);
        assertThat(ModelTrainerTest.liveArrays()).isZero();
    }
}
