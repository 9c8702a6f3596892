package pma.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.config.ExperimentConfig;

/** The field-of-view crop, and single-frame DICOM decoded to grey. */
class CropAndDicomTest {
    @TempDir
    Path dir;

    /** A bright 20x10 field of view at (30, 12) inside a black 64x40 frame, with a speck and a thin text line in the border. */
    private static BufferedImage framed() {
        BufferedImage img = new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 12; y < 22; y++) for (int x = 30; x < 50; x++) img.getRaster().setSample(x, y, 0, 180);
        img.getRaster().setSample(2, 2, 0, 255);
        return img;
    }

    @Test
    void fovBoxIsTheNonBlackFieldIgnoringSpecks() {
        assertThat(Preprocessor.fovBox(framed(), new int[] {0, 0, 64, 40})).containsExactly(30, 12, 20, 10);
    }

    @Test
    void fovBoxOfABlackImageIsTheWholeImage() {
        BufferedImage black = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(Preprocessor.fovBox(black, new int[] {0, 0, 30, 30})).containsExactly(0, 0, 30, 30);
    }

    @Test
    void fovCropFillsTheOutputWithTheField() throws IOException {
        ImageIO.write(framed(), "png", dir.resolve("a.png").toFile());
        Fixtures.png(dir.resolve("b.png"), 16, 100, 1);
        Files.write(dir.resolve("manifest.csv"), List.of("image,label", "a.png,benign", "b.png,malignant"));
        Dataset d = DatasetReader.read(dir, null, w -> {});
        ImageTensors fov = Preprocessor.load(d, new Preprocessor.Options(8, 1, Preprocessor.Crop.FOV, 0));
        ImageTensors none = Preprocessor.load(d, new Preprocessor.Options(8, 1, Preprocessor.Crop.NONE, 0));
        assertThat(min(fov.pixels()[0])).isGreaterThan(0.6f); // every output pixel inside the bright field
        assertThat(min(none.pixels()[0])).isLessThan(0.1f);
    }

    @Test
    void cropOptionIsValidatedAndRecorded() {
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.optCrop(Preprocessor.Crop.of("fov"));
        ExperimentConfig c = b.build();
        assertThat(c.preprocessing().crop()).isEqualTo(Preprocessor.Crop.FOV);
        assertThat(ExperimentConfig.fromJson(c.toJson()).preprocessing().crop()).isEqualTo(Preprocessor.Crop.FOV);
        assertThat(c.toJson()).contains("\"crop\" : \"fov\"");
        assertThatThrownBy(() -> Preprocessor.Crop.of("lesion")).isInstanceOf(BadInputException.class)
                .hasMessage("--crop must be none, mask or fov, got lesion");
    }

    @Test
    void singleFrameDicomDecodesToGrey() throws IOException {
        DicomFiles.gradient(dir.resolve("a.dcm"), 16, 12, 1, 200);
        BufferedImage img = Preprocessor.decode(dir.resolve("a.dcm"), "a.dcm");
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(img.getWidth()).isEqualTo(16);
        assertThat(img.getHeight()).isEqualTo(12);
        assertThat(img.getRaster().getSample(0, 5, 0)).isZero();
        assertThat(img.getRaster().getSample(15, 5, 0)).isEqualTo(255);
        assertThat(img.getRaster().getSample(8, 5, 0)).isBetween(130, 140);
    }

    @Test
    void dicomInAManifestTrains() throws IOException {
        DicomFiles.gradient(dir.resolve("a.dcm"), 16, 16, 1, 100);
        Fixtures.png(dir.resolve("b.png"), 16, 100, 1);
        Files.write(dir.resolve("manifest.csv"), List.of("image,label", "a.dcm,benign", "b.png,malignant"));
        ImageTensors t = Preprocessor.load(DatasetReader.read(dir, null, w -> {}), new Preprocessor.Options(8, 3, Preprocessor.Crop.NONE, 0));
        assertThat(t.pixels()[0][0]).isLessThan(t.pixels()[0][7]);
        assertThat(t.pixels()[0][7]).isEqualTo(t.pixels()[0][64 + 7]); // grey replicated to 3 channels
    }

    @Test
    void multiFrameAndDamagedDicomAreRefused() throws IOException {
        DicomFiles.gradient(dir.resolve("cine.dcm"), 16, 16, 3, 100);
        assertThatThrownBy(() -> Preprocessor.decode(dir.resolve("cine.dcm"), "cine.dcm")).isInstanceOf(BadInputException.class)
                .hasMessage("cine.dcm: DICOM image has 3 frames; pma reads single-frame images only (export the frame you want as PNG)");
        DicomFiles.gradient(dir.resolve("cut.dcm"), 16, 16, 1, 100);
        byte[] all = Files.readAllBytes(dir.resolve("cut.dcm"));
        Files.write(dir.resolve("cut.dcm"), java.util.Arrays.copyOf(all, 200));
        assertThatThrownBy(() -> Preprocessor.decode(dir.resolve("cut.dcm"), "cut.dcm")).isInstanceOf(BadInputException.class)
                .hasMessage("cut.dcm: cannot decode DICOM image (damaged, or a compressed transfer syntax;"
                        + " convert it to PNG, for example with dcmtk's dcmj2pnm)");
    }

    private static float min(float[] v) {
        float m = Float.MAX_VALUE;
        for (float x : v) m = Math.min(m, x);
        return m;
    }
}
