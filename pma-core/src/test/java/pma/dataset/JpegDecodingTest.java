package pma.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JPEGs the JDK's own reader gets wrong or refuses are decoded by the TwelveMonkeys ImageIO plugin,
 * which registers itself ahead of the JDK's reader when it is on the class path.
 */
class JpegDecodingTest {
    static final String TWELVEMONKEYS = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";

    @TempDir
    Path dir;

    @Test
    void theTwelveMonkeysReaderComesFirst() throws IOException {
        assertThat(firstReader(rgbJpeg(0xc04020)).getClass().getName()).isEqualTo(TWELVEMONKEYS);
    }

    /**
     * An Adobe CMYK JPEG (APP14, transform 0, ink stored inverted as Adobe does) of 50% black only.
     * The plain conversion R = G = B = 255 (1 - C)(1 - K) gives 128 grey; the JDK's reader returns a
     * four-band custom image whose colour comes out as 188 grey.
     */
    @Test
    void decodesACmykJpeg() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) cmyk.setPixel(x, y, new int[] {255, 255, 255, 128});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter jdk = jdkWriter();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            jdk.setOutput(out);
            jdk.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            jdk.dispose();
        }
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpeg = insertAfterSoi(bytes.toByteArray(), adobe);

        assertThat(firstReader(jpeg).getClass().getName()).isEqualTo(TWELVEMONKEYS);
        BufferedImage jdkImage = readWith(jdkReader(), jpeg);
        assertThat(jdkImage.getType()).isEqualTo(BufferedImage.TYPE_CUSTOM);
        assertThat(jdkImage.getRGB(8, 8) & 0xFF).isEqualTo(0xBC);

        Path file = Files.write(dir.resolve("cmyk.jpg"), jpeg);
        BufferedImage img = Preprocessor.decode(file, "cmyk.jpg");
        assertThat(img.getWidth()).isEqualTo(16);
        assertThat(img.getRaster().getNumBands()).isEqualTo(3);
        int rgb = img.getRGB(8, 8);
        assertThat(new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF}).containsExactly(128, 128, 128);
    }

    /** An ICC profile segment numbered 2 of 1, as some cameras and scanners write: the JDK's reader refuses the file. */
    @Test
    void decodesAJpegWithABrokenIccSegment() throws IOException {
        byte[] junk = new byte[200];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 37);
        ByteArrayOutputStream app2 = new ByteArrayOutputStream();
        int length = 2 + 14 + junk.length;
        app2.write(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        app2.write("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        app2.write(new byte[] {2, 1}); // sequence number 2 of 1 chunk
        app2.write(junk);
        byte[] plain = rgbJpeg(0xc04020);
        int jfifEnd = 4 + ((plain[4] & 0xFF) << 8 | plain[5] & 0xFF); // SOI, then the JFIF APP0 segment
        byte[] jpeg = new byte[plain.length + app2.size()];
        System.arraycopy(plain, 0, jpeg, 0, jfifEnd);
        System.arraycopy(app2.toByteArray(), 0, jpeg, jfifEnd, app2.size());
        System.arraycopy(plain, jfifEnd, jpeg, jfifEnd + app2.size(), plain.length - jfifEnd);

        assertThatThrownBy(() -> readWith(jdkReader(), jpeg)).isInstanceOf(IIOException.class)
                .hasMessage("Invalid icc profile: bad sequence number");
        Path file = Files.write(dir.resolve("icc.jpg"), jpeg);
        BufferedImage img = Preprocessor.decode(file, "icc.jpg");
        int rgb = img.getRGB(8, 8);
        // 0xc04020 through JPEG's lossy colour transform: within a few levels of each channel.
        assertThat(rgb >> 16 & 0xFF).isBetween(0xc0 - 4, 0xc0 + 4);
        assertThat(rgb >> 8 & 0xFF).isBetween(0x40 - 4, 0x40 + 4);
        assertThat(rgb & 0xFF).isBetween(0x20 - 4, 0x20 + 4);
    }

    private static byte[] rgbJpeg(int rgb) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    private static ImageReader firstReader(byte[] jpeg) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)));
        assertThat(readers.hasNext()).isTrue();
        return readers.next();
    }

    private static BufferedImage readWith(ImageReader reader, byte[] jpeg) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    /** The JDK's own JPEG reader, taken from the registry by its provider's package. */
    private static ImageReader jdkReader() throws IOException {
        Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (spis.hasNext()) {
            ImageReaderSpi spi = spis.next();
            if (spi.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")) return spi.createReaderInstance();
        }
        throw new AssertionError("the JDK's JPEG reader is not registered");
    }

    private static ImageWriter jdkWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio.")) return w;
        }
        throw new AssertionError("the JDK's JPEG writer is not registered");
    }
}
