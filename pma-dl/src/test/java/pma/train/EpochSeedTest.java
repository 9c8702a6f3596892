package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The per-epoch shuffling seed fixes which images meet in a batch, so its values must never move.
 * Expected values from an independent Python transcription: mix(seed + gamma * (epoch + 1)) modulo
 * 2^64, mix the SplitMix64 finaliser.
 */
class EpochSeedTest {
    @Test
    void epochSeedKeepsItsValues() {
        assertThat(ModelTrainer.mix(42, 0)).isEqualTo(-4767286540954276203L);
        assertThat(ModelTrainer.mix(42, 9)).isEqualTo(-7037763681458882642L);
        assertThat(ModelTrainer.mix(-5, 2)).isEqualTo(-2167467587980096447L);
    }
}
