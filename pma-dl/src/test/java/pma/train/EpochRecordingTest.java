package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.engine.Engines;
import pma.ledger.EpochRecord;

/** Per-epoch records: one per training image and epoch, consistent values, and no effect on the results. */
@Tag("engine")
class EpochRecordingTest {
    private static final int[] TRAIN = Synthetic.range(0, 24);
    private static final int[] VAL = Synthetic.range(24, 30);
    private static final int[] TEST = Synthetic.range(30, 34);

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    @Test
    void everyTrainingImageOncePerEpochWithoutChangingTheResults() {
        TrainingData data = Synthetic.blobs(34, 1, 16, 5);
        // augmentation and dropout on: recording must not consume any random draw
        TrainingConfig cfg = new TrainingConfig("quick_cnn", 16, 1, 2, 2, 8, "adam", 1e-3f, 0.9f, 0f, true, true, 9);
        TrainingOutcome off = ModelTrainer.train(cfg, data, TRAIN, VAL, TEST, TrainingHooks.NONE, EpochRecording.OFF);
        assertThat(off.epochRecords()).isEmpty();

        for (EpochRecording mode : List.of(EpochRecording.TRAIN, EpochRecording.EVAL)) {
            TrainingOutcome o = ModelTrainer.train(cfg, data, TRAIN, VAL, TEST, TrainingHooks.NONE, mode);
            assertThat(o.testProbabilities()).as(mode.name()).containsExactly(off.testProbabilities());
            assertThat(o.epochsRun()).isEqualTo(off.epochsRun());
            List<EpochRecord> records = o.epochRecords();
            assertThat(records).hasSize(TRAIN.length * o.epochsRun());
            Set<Long> seen = new HashSet<>();
            for (EpochRecord r : records) {
                assertThat(r.image()).isBetween(0, TRAIN.length - 1);
                assertThat(r.epoch()).isBetween(1, o.epochsRun());
                assertThat(seen.add((long) r.epoch() * 1000 + r.image())).as("one record per image and epoch").isTrue();
                // two classes: the probability of the given label is the logistic of the margin
                assertThat(r.probability()).isCloseTo((float) (1 / (1 + Math.exp(-r.margin()))),
                        org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
        assertThat(EpochRecording.of("eval")).isEqualTo(EpochRecording.EVAL);
    }
}
