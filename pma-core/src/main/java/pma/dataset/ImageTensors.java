package pma.dataset;

/**
 * Preprocessed images, ready for a network.
 *
 * @param size side of the square images in pixels
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels per image, channel-major {@code channels*size*size} floats in [0, 1]
 * @param masks per image, {@code size*size} floats (1 = lesion), or null where the image has no mask
 */
public record ImageTensors(int size, int channels, float[][] pixels, float[][] masks) implements java.io.Serializable {
    public int count() {
        return pixels.length;
    }
}
