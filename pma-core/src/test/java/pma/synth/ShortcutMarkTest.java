package pma.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortcut mark, checked on the written images: the same dataset with and without marks differs
 * exactly in a bright cross, away from the lesion, on the images truth.csv lists.
 */
class ShortcutMarkTest {
    @TempDir
    Path dir;

    @Test
    void markedImagesDifferOnlyByABrightCrossAwayFromTheLesion() throws IOException {
        SyntheticDataset.generate(dir.resolve("plain"), new SyntheticDataset.Options(11, 20, 32, 0.1, 0.1, 0.1, 0.1, 0));
        SyntheticDataset.Summary s = SyntheticDataset.generate(dir.resolve("marked"),
                new SyntheticDataset.Options(11, 20, 32, 0.1, 0.1, 0.1, 0.1, 0.3));
        Map<String, String> marked = new HashMap<>(); // image -> given label
        for (String line : Files.readAllLines(dir.resolve("marked/truth.csv"))) {
            String[] c = line.split(",");
            if (c[2].equals("shortcut_artifact")) marked.put(c[0], c[4]);
        }
        // 40 images: round(0.3 x 40) = 12 marks, round(0.9 x 12) = 11 of them on malignant-labelled images.
        assertThat(s.plantedByKind()).containsEntry("shortcut_artifact", 12);
        assertThat(marked).hasSize(12);
        assertThat(marked.values().stream().filter("malignant"::equals).count()).isEqualTo(11);

        List<String> manifest = Files.readAllLines(dir.resolve("marked/manifest.csv"));
        assertThat(manifest).isEqualTo(Files.readAllLines(dir.resolve("plain/manifest.csv")));
        for (String row : manifest.subList(1, manifest.size())) {
            String image = row.split(",")[0];
            int[] a = pixels(dir.resolve("plain").resolve(image)), b = pixels(dir.resolve("marked").resolve(image));
            int[] mask = pixels(dir.resolve("marked").resolve(image.replace("images/", "masks/")));
            List<int[]> changed = new ArrayList<>();
            for (int i = 0; i < a.length; i++) if (a[i] != b[i]) changed.add(new int[] {i % 32, i / 32});
            if (!marked.containsKey(image)) {
                assertThat(changed).as(image).isEmpty();
                continue;
            }
            // A cross of arm 1 (32 px / 32) around a centre: every painted pixel is 255, and the
            // centre is at least 3 pixels (Chebyshev) from every lesion pixel. Pixels already at
            // 255 do not show as changed, so the centre is found from the 255 pixels.
            int centre = -1;
            for (int i = 0; i < b.length && centre < 0; i++) {
                int x = i % 32, y = i / 32;
                if (x < 1 || y < 1 || x > 30 || y > 30) continue;
                if (b[i] == 255 && b[i - 1] == 255 && b[i + 1] == 255 && b[i - 32] == 255 && b[i + 32] == 255
                        && changed.stream().anyMatch(c -> Math.abs(c[0] - x) + Math.abs(c[1] - y) <= 1)) centre = i;
            }
            assertThat(centre).as(image + ": a bright cross").isGreaterThanOrEqualTo(0);
            int cx = centre % 32, cy = centre / 32;
            assertThat(changed).as(image).isNotEmpty().allMatch(c -> Math.abs(c[0] - cx) + Math.abs(c[1] - cy) <= 1
                    && (c[0] == cx || c[1] == cy) && b[c[1] * 32 + c[0]] == 255);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] != 0) assertThat(Math.max(Math.abs(i % 32 - cx), Math.abs(i / 32 - cy))).as(image).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Test
    void withoutMarksTheFilesAreThoseOfTheSevenOptionForm() throws IOException {
        SyntheticDataset.generate(dir.resolve("a"), new SyntheticDataset.Options(11, 20, 32, 0.1, 0.1, 0.1, 0.1));
        SyntheticDataset.generate(dir.resolve("b"), new SyntheticDataset.Options(11, 20, 32, 0.1, 0.1, 0.1, 0.1, 0));
        assertThat(Files.readAllBytes(dir.resolve("a/images/n0001_a.png")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/images/n0001_a.png")));
    }

    private static int[] pixels(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        int[] out = new int[img.getWidth() * img.getHeight()];
        img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), out);
        return out;
    }
}
