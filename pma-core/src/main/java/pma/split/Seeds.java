package pma.split;

import static pma.seed.SplitMix64.GOLDEN_GAMMA;
import static pma.seed.SplitMix64.mix;

/**
 * Derives independent seeds from a base seed and integer keys (iteration, repeat, fold, ...).
 *
 * <p>Seeds are derived rather than drawn from one shared generator, so any split or task can be
 * rebuilt from what the ledger records, in any order and on any machine.
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long base, long... keys) {
        long h = mix(base ^ GOLDEN_GAMMA);
        for (long k : keys) h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
        return h;
    }
}
