package pma.train;

import java.util.Random;

/**
 * Cheap training-time augmentation on channel-major float images in [0,1]: a horizontal flip
 * with probability 1/2, then contrast scaled by a factor in [0.9, 1.1] around the image mean and
 * brightness shifted by [-0.05, 0.05], clamped to [0,1]. The same draw applies to all channels.
 */
final class Augment {

    static final float CONTRAST = 0.1f;
    static final float BRIGHTNESS = 0.05f;

    private Augment() {}

    /** Writes the augmented {@code src} (C*size*size) into {@code dst} at {@code offset}. */
    static void apply(float[] src, float[] dst, int offset, int channels, int size, Random rng) {
        boolean flip = rng.nextBoolean();
        float contrast = 1f + CONTRAST * (2f * rng.nextFloat() - 1f);
        float brightness = BRIGHTNESS * (2f * rng.nextFloat() - 1f);
        int per = channels * size * size;
        double sum = 0;
        for (float v : src) {
            sum += v;
        }
        float mean = (float) (sum / per);
        for (int c = 0; c < channels; c++) {
            int plane = c * size * size;
            for (int y = 0; y < size; y++) {
                int row = plane + y * size;
                for (int x = 0; x < size; x++) {
                    float v = src[row + (flip ? size - 1 - x : x)];
                    v = (v - mean) * contrast + mean + brightness;
                    dst[offset + row + x] = v < 0f ? 0f : (v > 1f ? 1f : v);
                }
            }
        }
    }
}
