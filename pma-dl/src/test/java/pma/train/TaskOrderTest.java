package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.ledger.Task;

/**
 * A task's probabilities do not depend on what the process trained before it: each task seeds the
 * engine (initial weights, dropout) and its shuffling and augmentation from its own seed at its start.
 */
@Tag("engine")
class TaskOrderTest {

    @Test
    void aTaskGivesTheSameProbabilitiesAloneAndAfterAnother() {
        TrainingData data = Synthetic.blobs(60, 1, 24, 17);
        int[] train = Synthetic.range(0, 40), val = Synthetic.range(40, 50), test = Synthetic.range(50, 60);
        // Task B: dropout and augmentation on, so every random source is used.
        long seedB = TrainingTaskRunner.seedOf(7, new Task("quick_cnn", 1, ""));
        TrainingConfig b = new TrainingConfig("quick_cnn", 24, 1, 3, 3, 16, "adam", 1e-3f, 0.9f, 0f, true, true, seedB);
        // Task A draws from the engine's generator too (another network's initial weights, its dropout).
        long seedA = TrainingTaskRunner.seedOf(7, new Task("quick_resnet", 0, ""));
        TrainingConfig a = new TrainingConfig("quick_resnet", 24, 1, 2, 2, 16, "adam", 1e-3f, 0.9f, 0f, true, true, seedA);

        TrainingOutcome alone = ModelTrainer.train(b, data, train, val, test);
        ModelTrainer.train(a, data, train, val, test);
        TrainingOutcome afterA = ModelTrainer.train(b, data, train, val, test);

        assertThat(afterA.testProbabilities()).containsExactly(alone.testProbabilities());
        assertThat(afterA.valProbabilities()).containsExactly(alone.valProbabilities());
        assertThat(afterA.bestEpoch()).isEqualTo(alone.bestEpoch());
    }

    @Test
    void theSeedDependsOnBaseSeedModelAndIterationOnly() {
        long seed = TrainingTaskRunner.seedOf(7, new Task("quick_cnn", 1, ""));
        assertThat(TrainingTaskRunner.seedOf(7, new Task("quick_cnn", 1, "flagged")))
                .as("an exclusion set keeps the seed: retraining without images is a paired comparison").isEqualTo(seed);
        assertThat(TrainingTaskRunner.seedOf(7, new Task("quick_cnn", 2, ""))).isNotEqualTo(seed);
        assertThat(TrainingTaskRunner.seedOf(7, new Task("quick_resnet", 1, ""))).isNotEqualTo(seed);
        assertThat(TrainingTaskRunner.seedOf(8, new Task("quick_cnn", 1, ""))).isNotEqualTo(seed);
    }
}
