package pma.train;

import java.util.Random;

/** A tiny generated task: positives carry a brighter Gaussian blob somewhere on a noisy image. */
public final class Synthetic {

    private Synthetic() {}

    /**
     * @param n images (alternating labels, so both classes are balanced)
     * @param channels channels per image
     * @param size image side
     * @param seed data seed
     */
    public static TrainingData blobs(int n, int channels, int size, long seed) {
        return blobs(n, channels, size, seed, 0.35);
    }

    /** As {@link #blobs(int, int, int, long)} with the blob's peak brightness {@code amplitude}. */
    public static TrainingData blobs(int n, int channels, int size, long seed, double amplitude) {
        Random rng = new Random(seed);
        float[][] pixels = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            labels[i] = label;
            float[] img = new float[channels * size * size];
            float base = 0.35f + 0.1f * rng.nextFloat();
            double cx = size * (0.25 + 0.5 * rng.nextDouble());
            double cy = size * (0.25 + 0.5 * rng.nextDouble());
            double r = size / 7.0;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = base + 0.08 * rng.nextGaussian();
                        if (label == 1) {
                            double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                            v += amplitude * Math.exp(-d2 / (2 * r * r));
                        }
                        img[c * size * size + y * size + x] = (float) Math.max(0, Math.min(1, v));
                    }
                }
            }
            pixels[i] = img;
        }
        return new TrainingData(pixels, labels, channels, size);
    }

    /** Indices from..to-1. */
    public static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
