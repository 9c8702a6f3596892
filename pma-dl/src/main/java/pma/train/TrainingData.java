package pma.train;

import java.util.Objects;

/**
 * Preprocessed images ready for a network.
 *
 * @param pixels {@code pixels[i]} is image i, channel-major C*H*W floats in [0,1] (H = W = size)
 * @param labels {@code labels[i]} is 0 or 1 (1 = positive)
 * @param channels C, the number of channels
 * @param size the image side in pixels
 */
public record TrainingData(float[][] pixels, int[] labels, int channels, int size) {

    public TrainingData {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException(
                    pixels.length + " images but " + labels.length + " labels");
        }
        int expected = channels * size * size;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] == null || pixels[i].length != expected) {
                throw new IllegalArgumentException(
                        "image " + i + " has " + (pixels[i] == null ? 0 : pixels[i].length)
                                + " values, expected " + expected + " (" + channels + "x" + size
                                + "x" + size + ")");
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(
                        "label of image " + i + " is " + labels[i] + ", expected 0 or 1");
            }
        }
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }
}
