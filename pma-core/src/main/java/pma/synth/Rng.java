package pma.synth;

import pma.seed.SplitMix64;

/**
 * SplitMix64 ({@link SplitMix64}) with its own bounded and continuous draws.
 *
 * <p>Written out rather than taken from {@code java.util} so that the bytes of a dataset depend
 * only on the seed, not on how a JDK release implements bounded or Gaussian draws.
 */
final class Rng {
    private static final long GOLDEN = SplitMix64.GOLDEN_GAMMA;
    private final SplitMix64 bits;

    Rng(long seed) {
        this.bits = new SplitMix64(seed);
    }

    /** A well-spread 64-bit value from two inputs; used to give every nodule and view its own stream. */
    static long mix(long a, long b) {
        return SplitMix64.mix(SplitMix64.mix(a + GOLDEN) ^ (b * GOLDEN + 0x632BE59BD9B4E019L));
    }

    long nextLong() {
        return bits.nextLong();
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    int nextInt(int bound) {
        return (int) (nextDouble() * bound);
    }

    /** Inclusive of both ends. */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Rayleigh-distributed with mean 1: the amplitude of fully developed speckle. */
    double rayleighUnitMean() {
        double u = 1.0 - nextDouble(); // (0, 1], so the log is finite
        return Math.sqrt(-2.0 * StrictMath.log(u)) * RAYLEIGH_NORM;
    }

    private static final double RAYLEIGH_NORM = 1.0 / Math.sqrt(Math.PI / 2.0);

    /** A random permutation of 0..n-1 (Fisher–Yates). */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
