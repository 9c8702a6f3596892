package pma.analysis.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.RunData;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.dataset.ImageRecord;
import pma.ledger.CamMap;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;

/** Aggregation of hand-made 2x2 maps whose every number can be worked out on paper. */
class CamAnalysisTest {
    @TempDir
    Path dir;

    // Image 0 is a negative that every run calls positive (flagged); images 1..5 are always right.
    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    static final double[] SCORES = {0.9, 0.1, 0.2, 0.7, 0.8, 0.95};

    static AnalysisResult analysis() {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i, "",
                    "m" + i, Map.of()));
        }
        Dataset d = new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
        List<RunData> runs = new ArrayList<>();
        int id = 1;
        for (String model : List.of("a", "b")) {
            for (int it = 0; it < 3; it++) {
                List<Prediction> test = new ArrayList<>();
                for (int i = 0; i < TARGETS.length; i++) {
                    int predicted = SCORES[i] >= 0.5 ? 1 : 0;
                    test.add(new Prediction(i, Role.TEST, SCORES[i], predicted, predicted == TARGETS[i]));
                }
                runs.add(new RunData(new RunRecord(id++, model, it, "", 1, "done", 5, 3, 0.8, 0.8, 0.5, 1), test));
            }
        }
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("a", "b"));
        return Analysis.of(d, b.build(), runs, AnalysisOptions.defaults());
    }

    static CamAnalysis.StoredMap map(int run, String model, int image, float... v) {
        return new CamAnalysis.StoredMap(run, model, new CamMap(image, "gradcam", "predicted", 2, 2, v));
    }

    /** 4x4 masks: image 0..2 lesion in the left half, 3 empty mask, 4 full mask, 5 no mask. */
    static CamAnalysis.Masks masks() {
        float[][] m = new float[6][];
        for (int i = 0; i < 3; i++) {
            m[i] = new float[16];
            for (int y = 0; y < 4; y++) for (int x = 0; x < 2; x++) m[i][y * 4 + x] = 1;
        }
        m[3] = new float[16];
        m[4] = new float[16];
        java.util.Arrays.fill(m[4], 1);
        return new CamAnalysis.Masks(4, m, "");
    }

    static List<CamAnalysis.StoredMap> maps() {
        List<CamAnalysis.StoredMap> out = new ArrayList<>();
        // Image 0, model a: the same left-column map three times (stable, in the lesion).
        for (int r = 1; r <= 3; r++) out.add(map(r, "a", 0, 1, 0, 1, 0));
        // Image 0, model b: right column twice, and one empty map.
        out.add(map(4, "b", 0, 0, 1, 0, 1));
        out.add(map(5, "b", 0, 0, 1, 0, 0.5f));
        out.add(map(6, "b", 0, 0, 0, 0, 0));
        // Images 1, 2 (controls): model a uniform (focus = area = 0.5) and right-column maps.
        for (int i = 1; i <= 2; i++) {
            out.add(map(1, "a", i, 1, 1, 1, 1));
            out.add(map(4, "b", i, 0, 1, 0, 1));
        }
        // Image 3 (empty mask) and 4 (full mask): maps exist, focus must not be reported.
        out.add(map(1, "a", 3, 1, 0, 0, 0));
        out.add(map(1, "a", 4, 1, 0, 0, 0));
        // Image 5: no mask; every map of model a empty.
        out.add(map(1, "a", 5, 0, 0, 0, 0));
        out.add(map(2, "a", 5, 0, 0, 0, 0));
        out.add(map(4, "b", 5, 1, 0, 0, 0));
        return out;
    }

    @Test
    void meanMapStabilityAndLesionFocusPerImageAndModel() {
        CamAnalysis.Result r = CamAnalysis.of(analysis(), maps(), masks(), "gradcam", "predicted");
        CamAnalysis.ImageCam a0 = r.get(0, "a");
        assertThat(a0.runs()).isEqualTo(3);
        assertThat(a0.emptyMaps()).isZero();
        assertThat(a0.meanMap()).containsExactly(1, 0, 1, 0);
        assertThat(a0.stability()).isCloseTo(1, within(1e-9));
        assertThat(a0.lesionFocus()).isCloseTo(1.75 / 2, within(1e-6)); // left column: 0.75+1 of 2 after upsampling
        assertThat(a0.lesionArea()).isEqualTo(0.5);
        assertThat(a0.mask()).isEqualTo(CamAnalysis.MaskState.OK);

        CamAnalysis.ImageCam b0 = r.get(0, "b");
        assertThat(b0.runs()).isEqualTo(3);
        assertThat(b0.emptyMaps()).isEqualTo(1);
        assertThat(b0.meanMap()).containsExactly(0, 1, 0, 0.75f);
        // Pearson of its two non-empty maps (0,1,0,1) and (0,1,0,0.5), by hand: deviations from the means
        // 0.5 and 0.375 give Sxy = 0.75, Sxx = 1, Syy = 0.6875, so r = 0.75 / sqrt(0.6875) = 0.904534
        // (scipy.stats.pearsonr agrees).
        assertThat(b0.stability()).isCloseTo(0.75 / Math.sqrt(0.6875), within(1e-9));
        assertThat(b0.lesionFocus()).isCloseTo(0.25 / 2, within(1e-6));

        assertThat(r.get(3, "a").mask()).isEqualTo(CamAnalysis.MaskState.EMPTY);
        assertThat(r.get(3, "a").lesionFocus()).isNaN();
        assertThat(r.get(4, "a").mask()).isEqualTo(CamAnalysis.MaskState.FULL);
        assertThat(r.get(4, "a").lesionFocus()).isNaN();
        CamAnalysis.ImageCam a5 = r.get(5, "a");
        assertThat(a5.mask()).isEqualTo(CamAnalysis.MaskState.NONE);
        assertThat(a5.empty()).isTrue();
        assertThat(a5.meanMap()).containsOnly(0f);
        assertThat(a5.stability()).isNaN();
        assertThat(a5.lesionArea()).isNaN();
        assertThat(r.get(1, "a").lesionFocus()).as("uniform map = lesion area").isCloseTo(0.5, within(1e-6));
    }

    @Test
    void modelsAgreeOnRanksAndTopRegions() {
        CamAnalysis.Result r = CamAnalysis.of(analysis(), maps(), masks(), "gradcam", "predicted");
        CamAnalysis.Agreement g0 = r.agreements().stream().filter(g -> g.image() == 0).findFirst().orElseThrow();
        assertThat(g0.modelA()).isEqualTo("a");
        assertThat(g0.modelB()).isEqualTo("b");
        // (1,0,1,0) vs (0,1,0,0.75): ranks (3.5,1.5,3.5,1.5) vs (1.5,4,1.5,3); centred, their dot
        // product is -4 and their squared norms 4 and 4.5.
        assertThat(g0.rankCorrelation()).isCloseTo(-4 / Math.sqrt(18), within(1e-6));
        assertThat(g0.topIou()).isEqualTo(0.0);
        CamAnalysis.Agreement g5 = r.agreements().stream().filter(g -> g.image() == 5).findFirst().orElseThrow();
        assertThat(g5.rankCorrelation()).as("a's maps are all empty").isNaN();
        assertThat(g5.topIou()).isNaN();
    }

    @Test
    void flaggedImagesAreComparedWithReliablyCorrectOnes() {
        CamAnalysis.Result r = CamAnalysis.of(analysis(), maps(), masks(), "gradcam", "predicted");
        assertThat(r.comparisons()).extracting(CamAnalysis.Comparison::model).containsExactly("a", "b", "all");
        CamAnalysis.Comparison a = r.comparisons().get(0);
        assertThat(a.a()).containsExactly(1.75 / 2); // the flagged image 0
        assertThat(a.b()).containsExactly(0.5, 0.5); // controls 1, 2 (3, 4 have no usable mask)
        assertThat(a.test().auc()).isEqualTo(1.0);
        CamAnalysis.Comparison all = r.comparisons().get(2);
        assertThat(all.a()).containsExactly((1.75 / 2 + 0.25 / 2) / 2);
        assertThat(all.b()).hasSize(2);
        assertThat(CamAnalysis.comparisons(r.comparisons()).size()).isEqualTo(3);
        assertThat(CamAnalysis.images(r).size()).isEqualTo(r.images().size());
    }

    @Test
    void mapsRoundTripThroughTheLedger() throws IOException {
        Dataset dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 20, 2, 16), null, w -> {});
        ExperimentConfig config = ExperimentConfig.quick().toBuilder().build();
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Ledger ledger = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        for (String model : List.of("quick_cnn", "quick_resnet")) {
            for (int it = 0; it < 3; it++) {
                int[] test = splits.get(it).indices(Role.TEST);
                List<Prediction> p = IntStream.of(test).mapToObj(i -> new Prediction(i, Role.TEST, 0.3, 0,
                        dataset.images().get(i).target() == 0)).toList();
                List<CamMap> cams = new ArrayList<>();
                for (int i : test) {
                    cams.add(new CamMap(i, "gradcam", "predicted", 2, 3, new float[] {0, 0.5f, 1, 0, 0, i / 40f}));
                    cams.add(new CamMap(i, "gradcam", "true", 2, 3, new float[6]));
                }
                ledger.record(new TaskResult(new Task(model, it, ""), 1, 2, 2, 0.5, 0.5, 0.5, 1, p, List.of(), cams));
            }
        }
        assertThat(CamAnalysis.inventory(ledger)).containsOnlyKeys("gradcam/predicted", "gradcam/true");
        List<CamAnalysis.StoredMap> loaded = CamAnalysis.load(ledger, "gradcam", "predicted");
        assertThat(loaded).hasSize(2 * 40 * 3 / 5);
        CamAnalysis.StoredMap first = loaded.get(0);
        assertThat(first.map().values()).containsExactly(0, 0.5f, 1, 0, 0, first.map().image() / 20f);
        AnalysisResult a = Analysis.of(ledger, new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 1, pma.analysis.FlagRule.POOLED, 2, true));
        CamAnalysis.Result r = CamAnalysis.of(ledger, a, "gradcam", "true");
        assertThat(r.images()).allSatisfy(c -> assertThat(c.empty()).isTrue());
        assertThat(r.maskNote()).isEqualTo("the dataset has no lesion masks");
        assertThatThrownBy(() -> CamAnalysis.of(ledger, a, "hirescam", "true")).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("no class-activation maps for hirescam/true; it holds gradcam/predicted, gradcam/true");
        CamAnalysis.write(r, dir.resolve("out"));
        assertThat(Files.readAllLines(dir.resolve("out/cam.csv")).get(0)).isEqualTo(
                "image,model,method,target,runs,empty_maps,map_h,map_w,stability,lesion_focus,lesion_area,mask,flagged,"
                        + "reliably_correct,f");
        assertThat(Files.readAllLines(dir.resolve("out/lesion_focus.csv"))).hasSize(4);
    }
}
