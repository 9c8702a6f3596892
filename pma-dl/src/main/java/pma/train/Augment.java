package pma.train;

import java.util.Random;

/**
 * Training-time augmentation of channel-major float images in [0,1], one random draw per image
 * applied to all its channels, in this order: a horizontal flip with probability 1/2; a rotation
 * about the centre by an angle in [-10, 10] degrees (bilinear, borders extended); contrast scaled
 * by a factor in [0.9, 1.1] around the image mean and brightness shifted by [-0.05, 0.05];
 * multiplicative speckle, each value times (1 + s z) with z standard normal and s drawn in
 * [0, 0.1]; then clamped to [0,1]. Vertical flips are left out: in ultrasound the vertical axis is
 * depth, and an upside-down image is not a plausible one.
 */
final class Augment {

    static final double MAX_DEGREES = 10;
    static final float CONTRAST = 0.1f;
    static final float BRIGHTNESS = 0.05f;
    static final float MAX_SPECKLE = 0.1f;

    private Augment() {}

    /** Writes the augmented {@code src} (C*size*size) into {@code dst} at {@code offset}. */
    static void apply(float[] src, float[] dst, int offset, int channels, int size, Random rng) {
        boolean flip = rng.nextBoolean();
        double angle = Math.toRadians(MAX_DEGREES * (2 * rng.nextDouble() - 1));
        float contrast = 1f + CONTRAST * (2f * rng.nextFloat() - 1f);
        float brightness = BRIGHTNESS * (2f * rng.nextFloat() - 1f);
        float speckle = MAX_SPECKLE * rng.nextFloat();
        int plane = size * size;
        double sum = 0;
        for (int i = 0; i < channels * plane; i++) {
            sum += src[i];
        }
        float mean = (float) (sum / (channels * plane));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double centre = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // Inverse mapping: where in the (flipped) source this output pixel comes from.
                double dx = x - centre;
                double dy = y - centre;
                double sx = centre + cos * dx + sin * dy;
                double sy = centre - sin * dx + cos * dy;
                if (flip) {
                    sx = size - 1 - sx;
                }
                sx = Math.min(Math.max(sx, 0), size - 1);
                sy = Math.min(Math.max(sy, 0), size - 1);
                int x0 = (int) sx;
                int y0 = (int) sy;
                int x1 = Math.min(x0 + 1, size - 1);
                int y1 = Math.min(y0 + 1, size - 1);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                float noise = 1f + speckle * (float) rng.nextGaussian();
                for (int c = 0; c < channels; c++) {
                    int p = c * plane;
                    float top = src[p + y0 * size + x0] * (1 - fx) + src[p + y0 * size + x1] * fx;
                    float bottom = src[p + y1 * size + x0] * (1 - fx) + src[p + y1 * size + x1] * fx;
                    float v = top * (1 - fy) + bottom * fy;
                    v = ((v - mean) * contrast + mean + brightness) * noise;
                    dst[offset + p + y * size + x] = v < 0f ? 0f : (v > 1f ? 1f : v);
                }
            }
        }
    }
}
