package pma.ledger;

/**
 * A class-activation map of one test image in one run, at feature-map resolution.
 *
 * @param method e.g. gradcam, gradcampp, hirescam
 * @param target which class it explains: predicted or true
 * @param values row-major {@code height*width}, non-negative; all zero when the map is empty
 */
public record CamMap(int image, String method, String target, int height, int width, float[] values)
        implements java.io.Serializable {
    /** Little-endian float32 bytes, the ledger's blob layout. */
    public static byte[] toBytes(float[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
