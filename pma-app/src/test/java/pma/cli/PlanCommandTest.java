package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pma plan} on a nine-image manifest whose counts follow from the planners' rules by hand.
 *
 * <p>Benign: patient b1 with two images, b2, b3, b4 with one; malignant: m1..m4 with one each.
 */
class PlanCommandTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder m = new StringBuilder("image,label,patient\n");
        String[][] rows = {{"b1a", "benign", "b1"}, {"b1b", "benign", "b1"}, {"b2", "benign", "b2"}, {"b3", "benign", "b3"},
            {"b4", "benign", "b4"}, {"m1", "malignant", "m1"}, {"m2", "malignant", "m2"}, {"m3", "malignant", "m3"},
            {"m4", "malignant", "m4"}};
        for (String[] r : rows) {
            Files.writeString(data.resolve(r[0] + ".png"), "x"); // never decoded: plan reads no pixels
            m.append(r[0]).append(".png,").append(r[1]).append(',').append(r[2]).append('\n');
        }
        Files.writeString(data.resolve("manifest.csv"), m);
        return data;
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    /**
     * 2-fold, 3 repeats, validation share 0.25: each repeat tests every image once, so test is 3 for
     * every image and train + validation + test is 6 iterations. The four malignant patients split
     * 2 test / 2 rest per iteration, and validation takes 0.25 / (1 - 1/2) = half of the rest: one
     * malignant image per iteration, 6 in all.
     */
    @Test
    void kfoldCountsFollowTheRules() throws IOException {
        Path out = dir.resolve("out");
        Pma c = Pma.run("plan", data().toString(), "--scheme", "kfold", "--folds", "2", "--repeats", "3",
                "--val-share", "0.25", "--out", out.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("plan.csv")).get(0))
                .isEqualTo("image,patient,group_size,label,train,validation,test");
        List<String[]> rows = rows(out.resolve("plan.csv"));
        assertThat(rows).hasSize(9);
        int malignantVal = 0;
        for (String[] r : rows) {
            assertThat(r[2]).as(r[0]).isEqualTo(r[1].equals("b1") ? "2" : "1");
            assertThat(r[6]).as(r[0]).isEqualTo("3");
            assertThat(Integer.parseInt(r[4]) + Integer.parseInt(r[5]) + Integer.parseInt(r[6])).isEqualTo(6);
            if (r[3].equals("malignant")) malignantVal += Integer.parseInt(r[5]);
        }
        assertThat(malignantVal).isEqualTo(6);
        assertThat(rows.get(0)).as("b1's two images share every count").containsExactly("b1a.png", "b1", "2", "benign",
                rows.get(1)[4], rows.get(1)[5], "3");
        assertThat(c.out()).contains("9 images, 8 patients")
                .containsPattern("\\n\\s+1\\s+7\\s+7\\s+3\\.00\\s+3\\s")
                .containsPattern("\\n\\s+2\\s+1\\s+2\\s+3\\.00\\s+3\\s");
    }

    /**
     * Monte Carlo 50/25/25 over 8 iterations: a quarter of the four single-image malignant patients is
     * exactly one, so one malignant image is tested per iteration, 8 in all.
     */
    @Test
    void monteCarloCountsAddUp() throws IOException {
        Path out = dir.resolve("mc");
        Pma c = Pma.run("plan", data().toString(), "--scheme", "montecarlo", "--iterations", "8", "--shares",
                "0.5,0.25,0.25", "--out", out.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<String, Integer> testByLabel = new HashMap<>();
        for (String[] r : rows(out.resolve("plan.csv"))) {
            assertThat(Integer.parseInt(r[4]) + Integer.parseInt(r[5]) + Integer.parseInt(r[6])).isEqualTo(8);
            testByLabel.merge(r[3], Integer.parseInt(r[6]), Integer::sum);
        }
        assertThat(testByLabel.get("malignant")).isEqualTo(8);
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Path data = data();
        Path out = dir.resolve("none");
        Pma missing = Pma.run("plan", dir.resolve("nope").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errorLine()).startsWith("pma: error: dataset folder not found: ");

        // Four patients per class are too few for 80/10/10, which needs ten.
        Pma few = Pma.run("plan", data.toString(), "--profile", "paper", "--out", out.toString());
        assertThat(few.code()).isEqualTo(2);
        assertThat(few.errorLine())
                .isEqualTo("pma: error: class 'benign' has 4 patient(s); the 80/10/10 split needs at least 10 per class");

        Pma profile = Pma.run("plan", data.toString(), "--profile", "huge", "--out", out.toString());
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.errorLine()).isEqualTo("pma: error: --profile must be quick or paper, got huge");
        assertThat(out).doesNotExist();

        Path file = Files.writeString(dir.resolve("a-file"), "mine");
        Pma onFile = Pma.run("plan", data.toString(), "--scheme", "kfold", "--folds", "2", "--val-share", "0.25",
                "--out", file.toString());
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.errorLine()).isEqualTo("pma: error: --out is a file, not a folder: " + file);
        assertThat(Files.readString(file)).isEqualTo("mine");
    }
}
