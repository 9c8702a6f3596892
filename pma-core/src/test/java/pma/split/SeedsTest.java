package pma.split;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Derived seeds fix every split and task of every ledger, so their values must never move. Expected
 * values from an independent Python transcription: h = mix(base ^ gamma), then for each key
 * h = mix(h ^ mix(key + 0x632BE59BD9B4E019)), mix the SplitMix64 finaliser, all modulo 2^64.
 */
class SeedsTest {
    @Test
    void deriveKeepsItsValues() {
        assertThat(Seeds.derive(1234567)).isEqualTo(-6497954316241813612L);
        assertThat(Seeds.derive(1234567, 0)).isEqualTo(-1948176361340530980L);
        assertThat(Seeds.derive(1234567, 3, 7)).isEqualTo(5956533173055807830L);
        assertThat(Seeds.derive(-1, 1)).isEqualTo(-4007262586194572195L);
    }
}
