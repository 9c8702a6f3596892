package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.ledger.CamMap;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.ledger.Ledger;
import pma.ledger.LedgerSql;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;
import pma.synth.SyntheticDataset;

/** {@code pma explain} on a ledger of hand-made maps, and after a tiny real run. */
@Tag("engine")
class ExplainCommandTest {
    @TempDir
    Path dir;

    static final String[] ANALYSIS = {"--fixed-theta", "--theta", "0.5", "--min-appearances", "1"};

    Path synth() throws IOException {
        Path data = dir.resolve("data");
        SyntheticDataset.generate(data, new SyntheticDataset.Options(3, 40, 32, 0.1, 0, 0.1, 0));
        return data;
    }

    /** Two models, three iterations; image 0 always wrong, every other right; 4x4 maps, some empty. */
    Path ledger(Path data, boolean withCams) {
        Dataset dataset = DatasetReader.read(data, null, w -> {});
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.optImageSize(32);
        ExperimentConfig config = b.build();
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Path file = dir.resolve("l.duckdb");
        Ledger ledger = Ledger.create(file, config, dataset, splits, "test");
        Random r = new Random(1);
        for (String model : config.models()) {
            for (int it = 0; it < 5; it++) {
                int[] test = splits.get(it).indices(Role.TEST);
                List<Prediction> p = new ArrayList<>();
                List<CamMap> cams = new ArrayList<>();
                for (int i : test) {
                    int target = dataset.images().get(i).target();
                    int predicted = i == 0 ? 1 - target : target;
                    p.add(new Prediction(i, Role.TEST, predicted == 1 ? 0.8 : 0.2, predicted, predicted == target));
                    float[] v = new float[16];
                    if (i % 7 != 3) {
                        for (int k = 0; k < 16; k++) v[k] = r.nextFloat();
                        v[5] = 1;
                    }
                    if (withCams) {
                        cams.add(new CamMap(i, "gradcam", "predicted", 4, 4, v));
                        cams.add(new CamMap(i, "gradcam", "true", 4, 4, v));
                    }
                }
                ledger.record(new TaskResult(new Task(model, it, ""), 1, 2, 2, 0.5, 0.5, 0.5, 1, p, List.of(), cams));
            }
        }
        return file;
    }

    static String[] args(String... first) {
        return Stream.concat(Stream.of(first), Stream.of(ANALYSIS)).toArray(String[]::new);
    }

    @Test
    void writesTablesAndOneOverlayPerImageAndModel() throws IOException {
        Path data = synth();
        Path ledger = ledger(data, true);
        Path out = dir.resolve("out");
        Pma c = Pma.run(args("explain", ledger.toString(), "--out", out.toString(), "--controls", "2"));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("gradcam maps of the predicted class").contains("quick_cnn").contains("4×4 maps");
        for (String f : List.of("cam.csv", "cam_agreement.csv", "lesion_focus.csv")) assertThat(out.resolve(f)).exists();
        List<String> cam = Files.readAllLines(out.resolve("cam.csv"));
        // The five folds of the first repeat test each image once: a row per image and model, 94 images
        // (seed 3, 40 nodules of 1-4 views; see aRealRunStoresBothTargetsForEveryTestImage).
        assertThat(cam).hasSize(1 + 2 * 94);
        List<String> focus = Files.readAllLines(out.resolve("lesion_focus.csv"));
        assertThat(focus.get(0)).isEqualTo("comparison,model,group_a,group_b,n_a,n_b,median_a,median_b,mean_a,mean_b,u,p,auc");
        assertThat(focus).anyMatch(l -> l.startsWith("flagged_vs_reliably_correct,all,flagged,reliably_correct,1,"))
                .anyMatch(l -> l.startsWith("bright_artifact_vs_clean,quick_cnn,"))
                .anyMatch(l -> l.startsWith("label_flip_vs_clean,all,"));
        // Image 0 is the one flagged image: one overlay per model; two controls per model.
        try (Stream<Path> s = Files.list(out.resolve("overlays/flagged"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("images_n0001_a__quick_cnn.png", "images_n0001_a__quick_resnet.png");
        }
        try (Stream<Path> s = Files.list(out.resolve("overlays/controls"))) {
            assertThat(s.count()).isEqualTo(4);
        }
        BufferedImage png = ImageIO.read(out.resolve("overlays/flagged/images_n0001_a__quick_cnn.png").toFile());
        assertThat(png.getWidth()).isEqualTo(2 * pma.report.Overlays.PANEL);
        // What the report's gallery calls: one data URI per model, empty for a ledger without maps.
        Ledger l = Ledger.open(ledger);
        var analysis = pma.analysis.Analysis.of(l, new pma.analysis.AnalysisOptions(0.5, 0.05, 0.5, 0.25, 1,
                pma.analysis.FlagRule.POOLED, 2, false));
        var overlays = pma.report.Overlays.load(l, analysis, "gradcam", "predicted");
        assertThat(overlays.dataUris(0)).containsOnlyKeys("quick_cnn", "quick_resnet")
                .allSatisfy((m, uri) -> assertThat(uri).startsWith("data:image/jpeg;base64,"));
        assertThat(overlays.overlayDataUris(0)).hasSize(2);
        assertThat(pma.report.Overlays.load(l, analysis, "hirescam", "predicted").dataUris(0)).isEmpty();

        Path chosen = dir.resolve("chosen");
        Pma one = Pma.run(args("explain", ledger.toString(), "--out", chosen.toString(), "--images",
                "images/n0002_b.png", "--target", "true"));
        assertThat(one.code()).as(one.err()).isZero();
        try (Stream<Path> s = Files.list(chosen.resolve("overlays/selected"))) {
            assertThat(s.count()).isEqualTo(2);
        }
        assertThat(chosen.resolve("overlays/flagged")).doesNotExist();

        Path analyzed = dir.resolve("analyzed");
        Pma a = Pma.run(args("analyze", ledger.toString(), "--out", analyzed.toString()));
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(analyzed.resolve("cam.csv")).exists();

        // The report's gallery shows the flagged image's mean map, one per model, beside its thumbnail.
        Path report = dir.resolve("report");
        Pma rep = Pma.run(args("report", ledger.toString(), "--out", report.toString()));
        assertThat(rep.code()).as(rep.err()).isZero();
        String html = Files.readString(report.resolve("report.html"));
        String gallery = html.substring(html.indexOf("<div class=\"gallery\">"));
        String card = gallery.substring(gallery.indexOf("images/n0001_a.png"));
        card = card.substring(0, card.indexOf("</figure>"));
        assertThat(card).contains("alt=\"Grad-CAM quick_cnn\"").contains("alt=\"Grad-CAM quick_resnet\"");
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Path data = synth();
        Path ledger = ledger(data, false);
        Path out = dir.resolve("out");
        Pma noMaps = Pma.run(args("explain", ledger.toString(), "--out", out.toString()));
        assertThat(noMaps.code()).isEqualTo(2);
        assertThat(noMaps.errorLine()).endsWith("no class-activation maps for gradcam/predicted; the ledger holds none "
                + "(they are stored by pma run, unless --cams none)");
        Pma method = Pma.run(args("explain", ledger.toString(), "--out", out.toString(), "--method", "scorecam"));
        assertThat(method.code()).isEqualTo(2);
        assertThat(method.errorLine()).isEqualTo("pma: error: unknown CAM method 'scorecam'; known: gradcam, gradcampp, hirescam");
        Pma target = Pma.run(args("explain", ledger.toString(), "--out", out.toString(), "--target", "other"));
        assertThat(target.errorLine()).isEqualTo("pma: error: --target must be predicted or true, got other");
        Pma image = Pma.run(args("explain", ledger.toString(), "--out", out.toString(), "--images", "nope.png"));
        assertThat(image.code()).isEqualTo(2);
        assertThat(image.errorLine()).startsWith("pma: error: --images: no image 'nope.png' in the dataset of ");
        assertThat(out).doesNotExist();
        Pma layer = Pma.run("run", data.toString(), "--ledger", dir.resolve("x.duckdb").toString(), "--cam-layer", "99");
        assertThat(layer.code()).isEqualTo(2);
        assertThat(layer.errorLine()).startsWith("pma: error: --cam-layer 99: model quick_cnn has feature layers 0..14");
        assertThat(dir.resolve("x.duckdb")).doesNotExist();
        assertThat(layer.err()).as("refused before the dataset is read or a task planned").doesNotContain("tasks (");
    }

    @Test
    void aRealRunStoresBothTargetsForEveryTestImage() throws IOException {
        Path data = synth();
        Path ledger = dir.resolve("run.duckdb");
        // In this process, which keeps the test short; the maps' share of the time is logged wherever tasks train.
        Pma run = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--models", "quick_cnn", "--size", "16",
                "--repeats", "1", "--folds", "3", "--epochs", "1", "--patience", "1", "--batch", "16", "--cams", "gradcam,hirescam",
                "--workers", "1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("class-activation maps (gradcam, hirescam): ");
        int[] rows = LedgerSql.read(ledger, conn -> {
            try (var s = conn.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*), count(DISTINCT image), min(h), max(w) FROM cam")) {
                rs.next();
                return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)};
            }
        });
        // 94 images (seed 3, 40 nodules of 1-4 views, by a separate Python SplitMix64 over the generator's
        // view-count stream), each tested once in one 3-fold repeat: 2 methods x 2 targets each; quick_cnn
        // maps 16 px to 2x2.
        assertThat(rows).containsExactly(94 * 2 * 2, 94, 2, 2);
        Pma explain = Pma.run(args("explain", ledger.toString(), "--out", dir.resolve("e").toString(), "--method", "hirescam"));
        assertThat(explain.code()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("hirescam maps of the predicted class");
    }
}
