package pma.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Tiny generated datasets for tests: grey PNGs whose brightness follows the label. */
public final class Fixtures {
    private Fixtures() {}

    /** Writes {@code patients} patients with {@code views} images each, alternating classes. */
    public static Path dataset(Path dir, int patients, int views, int size) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        List<String> lines = new ArrayList<>();
        lines.add("image,label,patient,subtype,echo_dark");
        for (int p = 0; p < patients; p++) {
            String label = p % 2 == 0 ? "benign" : "malignant";
            for (int v = 0; v < views; v++) {
                String name = String.format("images/p%03d_%d.png", p, v);
                png(dir.resolve(name), size, p % 2 == 0 ? 80 : 160, p * 31 + v);
                lines.add(name + "," + label + ",p" + p + "," + (p % 2 == 0 ? "colloid" : "ptc") + "," + (p % 3 == 0 ? 1 : 0));
            }
        }
        Files.write(dir.resolve("manifest.csv"), lines);
        return dir;
    }

    public static void png(Path file, int size, int level, int seed) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random r = new java.util.Random(seed);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, level + r.nextInt(41) - 20)));
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
