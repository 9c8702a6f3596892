package pma.split;

/**
 * Derives independent seeds from a base seed and integer keys (iteration, repeat, fold, ...).
 *
 * <p>Seeds are derived rather than drawn from one shared generator, so any split or task can be
 * rebuilt from what the ledger records, in any order and on any machine.
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long base, long... keys) {
        long h = mix(base ^ 0x9E3779B97F4A7C15L);
        for (long k : keys) h = mix(h ^ mix(k + 0x632BE59BD9B4E019L));
        return h;
    }

    /** SplitMix64 finaliser: a bijective, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
