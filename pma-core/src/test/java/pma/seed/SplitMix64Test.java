package pma.seed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Against the reference implementation (Vigna, prng.di.unimi.it/splitmix64.c): seeded with 1234567 it
 * prints 6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431,
 * 16408922859458223821 (unsigned; checked with an independent Python transcription of the C code).
 */
class SplitMix64Test {
    static final long[] REFERENCE = {6457827717110365317L, 3203168211198807973L, Long.parseUnsignedLong("9817491932198370423"),
            4593380528125082431L, Long.parseUnsignedLong("16408922859458223821")};

    @Test
    void generatorMatchesTheReferenceImplementation() {
        SplitMix64 g = new SplitMix64(1234567);
        for (long expected : REFERENCE) assertThat(g.nextLong()).isEqualTo(expected);
    }

    @Test
    void outputJumpsStraightToTheNthValue() {
        for (int n = 1; n <= REFERENCE.length; n++) assertThat(SplitMix64.output(1234567, n)).isEqualTo(REFERENCE[n - 1]);
    }

    @Test
    void mixIsTheFinaliserOfTheFirstValue() {
        // The first value is mix(seed + gamma); 1234567 + 0x9E3779B97F4A7C15 computed by hand in Python.
        assertThat(SplitMix64.mix(Long.parseUnsignedLong("11400714819324433052"))).isEqualTo(REFERENCE[0]);
    }
}
