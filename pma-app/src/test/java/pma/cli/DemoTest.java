package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pma demo} end to end, shrunk to seconds: every output is written and the summary printed. */
@Tag("engine")
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoWritesEveryOutput() throws Exception {
        Path out = dir.resolve("demo");
        Pma c = Pma.run("demo", "--out", out.toString(), "--nodules", "40", "--size", "32", "--repeats", "1",
                "--epochs", "3", "--patience", "2");
        assertThat(c.code()).as(c.err()).isZero();
        for (String f : List.of("data/manifest.csv", "data/truth.csv", "pma.duckdb", "images.csv", "runs.csv", "auc.csv",
                "algorithm1.csv", "exclusion_curve.csv", "features.csv", "model_comparison.csv", "report.html")) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        // Seed 7 (the quick profile's), 40 nodules of 1-4 views: 111 images (a separate Python SplitMix64
        // over the generator's view-count stream).
        assertThat(c.out()).contains("1/4 synthetic dataset: 111 images, 40 patients").contains("Algorithm 1:")
                .contains("recall (label flips + look-alike subtype)").contains("4/4 report");
        // The second check counts the images.csv's suspect column.
        List<String> images = Files.readAllLines(out.resolve("images.csv"));
        int column = List.of(images.get(0).split(",")).indexOf("suspect");
        long suspect = images.stream().skip(1).filter(l -> l.split(",", -1)[column].equals("true")).count();
        assertThat(c.out()).contains("found among the " + suspect + " suspect images (the cut of pma's order, ");
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(runs).hasSize(1 + 5 * 2); // header + 5 folds x 2 models
        assertThat(runs.get(0)).isEqualTo("run_id,model,iteration,exclusion,seed,epochs,best_epoch,val_auc,test_auc,"
                + "auc_low,auc_high,threshold,train_seconds,test_images");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Table 1").contains("data:image/png;base64,").doesNotContain("http://", "https://");
    }

    @Test
    void demoTrainsTheQuickProfileAt48Pixels() throws Exception {
        Path out = dir.resolve("demo");
        Pma c = Pma.run("demo", "--out", out.toString(), "--nodules", "30", "--repeats", "1", "--folds", "2",
                "--models", "quick_cnn", "--epochs", "1", "--patience", "1");
        assertThat(c.code()).as(c.err()).isZero();
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("data/images/n0001_a.png").toFile());
        assertThat(png.getWidth()).isEqualTo(48);
        assertThat(png.getHeight()).isEqualTo(48);
    }

    @Test
    void demoRefusesANonEmptyFolder() throws Exception {
        Files.createDirectories(dir.resolve("demo"));
        Files.writeString(dir.resolve("demo/keep.txt"), "mine");
        Pma c = Pma.run("demo", "--out", dir.resolve("demo").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --out " + dir.resolve("demo") + " exists and is not empty");
        assertThat(Files.readString(dir.resolve("demo/keep.txt"))).isEqualTo("mine");
    }
}
