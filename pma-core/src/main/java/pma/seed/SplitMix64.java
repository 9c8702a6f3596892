package pma.seed;

/**
 * SplitMix64 (Steele, Lea and Flood 2014; reference implementation by Vigna,
 * prng.di.unimi.it/splitmix64.c): the one source of pseudo-random bits that pma writes out itself.
 *
 * <p>Split seeds ({@code pma.split.Seeds}), per-epoch shuffling seeds ({@code ModelTrainer}) and the
 * synthetic datasets' draws ({@code pma.synth}) all come from it, so a result depends only on its
 * seed, never on how a JDK release implements a generator.
 */
public final class SplitMix64 {
    /** The generator's increment: 2^64 divided by the golden ratio, odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator whose first {@link #nextLong} is {@code output(seed, 1)}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** The {@code n}-th value (1-based) of a generator seeded with {@code seed}, computed directly. */
    public static long output(long seed, long n) {
        return mix(seed + GOLDEN_GAMMA * n);
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijective, well-mixed 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
