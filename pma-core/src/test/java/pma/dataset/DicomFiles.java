package pma.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes minimal DICOM Part 10 files (explicit VR little endian, MONOCHROME2) for tests. */
public final class DicomFiles {
    private DicomFiles() {}

    /** A 16-bit grey image whose value grows with x: {@code value = x * step}. */
    public static void gradient(Path file, int width, int height, int frames, int step) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[128]);
        b.write("DICM".getBytes(StandardCharsets.US_ASCII));
        element(b, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(b, 0x0002, 0x0002, "UI", ascii("1.2.840.10008.5.1.4.1.1.6.1")); // ultrasound image storage
        element(b, 0x0002, 0x0003, "UI", ascii("1.2.3.4.5"));
        element(b, 0x0002, 0x0010, "UI", ascii("1.2.840.10008.1.2.1")); // explicit VR little endian
        element(b, 0x0008, 0x0060, "CS", ascii("US"));
        element(b, 0x0028, 0x0002, "US", u16(1));
        element(b, 0x0028, 0x0004, "CS", ascii("MONOCHROME2"));
        if (frames > 1) element(b, 0x0028, 0x0008, "IS", ascii(Integer.toString(frames)));
        element(b, 0x0028, 0x0010, "US", u16(height));
        element(b, 0x0028, 0x0011, "US", u16(width));
        element(b, 0x0028, 0x0100, "US", u16(16));
        element(b, 0x0028, 0x0101, "US", u16(12));
        element(b, 0x0028, 0x0102, "US", u16(11));
        element(b, 0x0028, 0x0103, "US", u16(0));
        ByteBuffer px = ByteBuffer.allocate(width * height * frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) px.putShort((short) (x * step));
        }
        element(b, 0x7FE0, 0x0010, "OW", px.array());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b.toByteArray());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static void element(ByteArrayOutputStream b, int group, int elem, String vr, byte[] value) {
        if (value.length % 2 == 1) { // DICOM values have even length: UIs pad with NUL, text with a space
            byte[] padded = java.util.Arrays.copyOf(value, value.length + 1);
            padded[value.length] = (byte) (vr.equals("UI") ? 0 : ' ');
            value = padded;
        }
        boolean longForm = vr.equals("OB") || vr.equals("OW");
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) group).putShort((short) elem).put(ascii(vr));
        if (longForm) h.putShort((short) 0).putInt(value.length);
        else h.putShort((short) value.length);
        b.write(h.array(), 0, h.position());
        b.write(value, 0, value.length);
    }
}
