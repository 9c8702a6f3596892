package pma.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;

class PreprocessorTest {
    @TempDir
    Path dir;

    private static final Preprocessor.Options GREY16 = new Preprocessor.Options(16, 1, Preprocessor.Crop.NONE, 0.2);

    private Dataset twoImages(String second) throws IOException {
        Fixtures.png(dir.resolve("a.png"), 40, 100, 1);
        Files.write(dir.resolve("manifest.csv"), List.of("image,label", "a.png,benign", second + ",malignant"));
        return DatasetReader.read(dir, null, w -> {});
    }

    @Test
    void resizesGreyAndKeepsLevels() throws IOException {
        Fixtures.png(dir.resolve("b.png"), 33, 200, 2);
        ImageTensors t = Preprocessor.load(twoImages("b.png"), GREY16);
        assertThat(t.pixels()[0]).hasSize(256);
        double mean = 0;
        for (float v : t.pixels()[1]) mean += v;
        mean /= 256;
        assertThat(mean).isCloseTo(200 / 255.0, org.assertj.core.data.Offset.offset(0.03));
        assertThat(t.masks()[0]).isNull();
    }

    @Test
    void rgbToThreeChannels() throws IOException {
        BufferedImage rgb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) rgb.setRGB(x, y, 0xFF0000);
        ImageIO.write(rgb, "png", dir.resolve("b.png").toFile());
        ImageTensors t = Preprocessor.load(twoImages("b.png"), new Preprocessor.Options(8, 3, Preprocessor.Crop.NONE, 0));
        assertThat(t.pixels()[1][0]).isEqualTo(1f);        // red
        assertThat(t.pixels()[1][64]).isEqualTo(0f);       // green
        assertThat(t.pixels()[0][0]).isEqualTo(t.pixels()[0][64]); // grey replicated
    }

    @Test
    void masksAreResizedWithTheirImage() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 40, 100, 1);
        Fixtures.png(dir.resolve("b.png"), 40, 100, 2);
        BufferedImage m = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 40; x++) m.getRaster().setSample(x, y, 0, 255);
        ImageIO.write(m, "png", dir.resolve("m.png").toFile());
        Files.write(dir.resolve("manifest.csv"), List.of("image,label,mask", "a.png,benign,", "b.png,malignant,m.png"));
        ImageTensors t = Preprocessor.load(DatasetReader.read(dir, null, w -> {}), GREY16);
        float sum = 0;
        for (float v : t.masks()[1]) sum += v;
        assertThat(sum).isEqualTo(128f); // top half of 16x16
        assertThat(t.masks()[0]).isNull();
    }

    @Test
    void corruptImage() throws IOException {
        Files.write(dir.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        Dataset d = twoImages("b.png");
        assertThatThrownBy(() -> Preprocessor.load(d, GREY16)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("b.png: cannot decode image");
    }

    @Test
    void zeroByteFile() throws IOException {
        Files.write(dir.resolve("b.png"), new byte[0]);
        Dataset d = twoImages("b.png");
        assertThatThrownBy(() -> Preprocessor.load(d, GREY16)).isInstanceOf(BadInputException.class)
                .hasMessage("b.png: not a PNG or JPEG image (unknown format)");
    }

    @Test
    void truncatedPng() throws IOException {
        Fixtures.png(dir.resolve("full.png"), 40, 100, 3);
        byte[] all = Files.readAllBytes(dir.resolve("full.png"));
        Files.write(dir.resolve("b.png"), java.util.Arrays.copyOf(all, all.length / 2));
        Dataset d = twoImages("b.png");
        assertThatThrownBy(() -> Preprocessor.load(d, GREY16)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("b.png: cannot decode image");
    }

    @Test
    void tinyImage() throws IOException {
        Fixtures.png(dir.resolve("b.png"), 1, 100, 3);
        Dataset d = twoImages("b.png");
        assertThatThrownBy(() -> Preprocessor.load(d, GREY16))
                .hasMessage("b.png: image is 1x1 pixels; pma needs at least 8 per side");
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() throws IOException {
        // A PNG header claiming 20000x20000: refused from the header, nothing allocated.
        try (OutputStream o = Files.newOutputStream(dir.resolve("b.png"))) {
            o.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
            java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(20000).putInt(20000)
                    .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            byte[] body = ihdr.array();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update("IHDR".getBytes());
            crc.update(body);
            o.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
            o.write("IHDR".getBytes());
            o.write(body);
            o.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        Dataset d = twoImages("b.png");
        assertThatThrownBy(() -> Preprocessor.load(d, GREY16))
                .hasMessage("b.png: image is 20000x20000 pixels; pma accepts at most 16384 per side");
    }

    @Test
    void optionsOutOfRange() {
        assertThatThrownBy(() -> new Preprocessor.Options(4, 1, Preprocessor.Crop.NONE, 0))
                .hasMessage("--size must be between 8 and 1024, got 4");
        assertThatThrownBy(() -> new Preprocessor.Options(32, 2, Preprocessor.Crop.NONE, 0))
                .hasMessage("--channels must be 1 or 3, got 2");
    }
}
