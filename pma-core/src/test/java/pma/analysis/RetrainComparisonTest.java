package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.stats.Interval;

/** The paired retrained-versus-original statistics on hand-made numbers. */
class RetrainComparisonTest {
    @TempDir
    Path dir;

    /*
     * Differences 0.05, 0.02, 0.06, 0.01: mean 0.035. All positive with distinct sizes: V = 1+2+3+4 = 10,
     * the maximum for n = 4, so the exact two-sided p is 2 / 2^4 = 0.125.
     */
    @Test
    void pairedStatisticsOfHandMadeAucs() {
        double[] original = {0.70, 0.72, 0.74, 0.76};
        double[] retrained = {0.75, 0.74, 0.80, 0.77};
        RetrainComparison.Row r = RetrainComparison.summarise("flagged", 3, "m", RetrainComparison.FULL, original, retrained, 9);
        assertThat(r.iterations()).isEqualTo(4);
        assertThat(r.meanAucOriginal()).isCloseTo(0.73, within(1e-12));
        assertThat(r.meanAucRetrained()).isCloseTo(0.765, within(1e-12));
        assertThat(r.meanDifference()).isCloseTo(0.035, within(1e-12));
        assertThat(r.wilcoxonP()).isCloseTo(0.125, within(1e-12));
        // 10,000 resamples drawn with java.util.SplittableRandom(9), type-7 2.5% and 97.5% quantiles of
        // their means: [0.015, 0.055], from a separate implementation written from the documented
        // algorithms (SplitMix64 and bounded nextInt of JDK 17, numpy.quantile) in Python.
        assertThat(r.ci().low()).isCloseTo(0.015, within(1e-12));
        assertThat(r.ci().high()).isCloseTo(0.055, within(1e-12));

        RetrainComparison.Row worse = RetrainComparison.summarise("flagged", 3, "m", RetrainComparison.FULL, retrained,
                original, 9);
        assertThat(worse.meanDifference()).isCloseTo(-0.035, within(1e-12));
        assertThat(worse.wilcoxonP()).isCloseTo(0.125, within(1e-12));
    }

    /*
     * Every retrained AUC 1/16 above its original (exact in binary): each resample mean is 1/16, so the
     * interval is [1/16, 1/16] whatever the draws. Wilcoxon: four tied ranks 2.5, V = 10; no exact p
     * with ties, so z = (10 - 5 - 0.5) / sqrt(4·5·9/24 - (4³-4)/48) = 4.5 / 2.5 = 1.8, p = 2(1 - Φ(1.8))
     * = 0.07186063822585158 (scipy.stats.wilcoxon(method="approx", correction=True)).
     */
    @Test
    void constantDifferencesHaveAZeroWidthInterval() {
        double[] original = {0.5, 0.25, 0.75, 0.125};
        double[] retrained = {0.5625, 0.3125, 0.8125, 0.1875};
        RetrainComparison.Row r = RetrainComparison.summarise("flagged", 3, "m", RetrainComparison.FULL, original, retrained, 9);
        assertThat(r.meanDifference()).isEqualTo(0.0625);
        assertThat(r.ci()).isEqualTo(new Interval(0.0625, 0.0625));
        assertThat(r.wilcoxonP()).isCloseTo(0.07186063822585158, within(1e-13));
    }

    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    static final double[] ORIGINAL = {0.9, 0.1, 0.2, 0.7, 0.8, 0.95};

    static double[] with0(double s) {
        double[] x = ORIGINAL.clone();
        x[0] = s;
        return x;
    }

    /*
     * Exclusion set {img0}. Originals (both iterations): AUC 7/9 on the full test set, 1 without img0.
     * Retrained: img0 scored 0.6 (below every positive: AUC 1) and 0.75 (above 0.7: AUC 8/9).
     * Full: differences 2/9 and 1/9, mean 1/6; the resample means are 1/9, 1.5/9 or 2/9 (a quarter of
     * the resamples at each end), so the 95% interval is [1/9, 2/9]; Wilcoxon n = 2, V = 3, p = 0.5.
     * Without img0: every AUC is 1, differences 0, interval [0, 0], no Wilcoxon p (all zero).
     */
    @Test
    void retrainCsvFromHandMadeRuns() throws Exception {
        List<RunData> original = List.of(
                HandMade.run(1, "a", 0, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL),
                HandMade.run(2, "a", 1, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL));
        List<RunData> retrained = List.of(
                HandMade.run(3, "a", 0, "file:x", 1, 0.5, TARGETS, HandMade.all(6), with0(0.6)),
                HandMade.run(4, "a", 1, "file:x", 8.0 / 9, 0.5, TARGETS, HandMade.all(6), with0(0.75)));
        AnalysisResult a = Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a"), original, List.of(), retrained,
                Map.of("file:x", Set.of(0)), AnalysisOptions.defaults());
        assertThat(a.retrain()).hasSize(2);
        assertThat(a.retrain().get(0).excludedImages()).isEqualTo(1);
        AnalysisWriter.write(a, dir);
        assertThat(Files.readAllLines(dir.resolve("retrain.csv"))).containsExactly(
                "exclusion,model,iterations,evaluation,mean_auc_original,mean_auc_retrained,mean_difference,ci_low,ci_high,wilcoxon_p",
                "file:x,a,2,full,0.777778,0.944444,0.166667,0.111111,0.222222,0.5",
                "file:x,a,2,without_excluded,1,1,0,0,0,");
        // The main analysis ignores the retrained runs.
        assertThat(a.runs()).hasSize(2);
        assertThat(a.images().get(0).pooled().appearances()).isEqualTo(2);
    }

    /*
     * Model a as above; model b retrained scores exactly as its originals (differences 0). The "all"
     * row pairs the models' mean AUC per iteration: originals 7/9 both times; retrained (1 + 7/9)/2
     * = 8/9 and (8/9 + 7/9)/2 = 15/18, mean 31/36. Differences 1/9 and 1/18, mean 1/12; resample
     * means 1/18, 1/12 or 1/9, so the 95% interval is [1/18, 1/9]; Wilcoxon n = 2, V = 3, p = 0.5.
     */
    @Test
    void severalModelsAddARowForTheirMeanPerIteration() throws Exception {
        List<RunData> original = List.of(
                HandMade.run(1, "a", 0, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL),
                HandMade.run(2, "a", 1, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL),
                HandMade.run(3, "b", 0, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL),
                HandMade.run(4, "b", 1, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL));
        List<RunData> retrained = List.of(
                HandMade.run(5, "a", 0, "file:x", 1, 0.5, TARGETS, HandMade.all(6), with0(0.6)),
                HandMade.run(6, "a", 1, "file:x", 8.0 / 9, 0.5, TARGETS, HandMade.all(6), with0(0.75)),
                HandMade.run(7, "b", 0, "file:x", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL),
                HandMade.run(8, "b", 1, "file:x", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL));
        AnalysisResult a = Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a", "b"), original, List.of(), retrained,
                Map.of("file:x", Set.of(0)), AnalysisOptions.defaults());
        AnalysisWriter.write(a, dir);
        assertThat(Files.readAllLines(dir.resolve("retrain.csv"))).containsExactly(
                "exclusion,model,iterations,evaluation,mean_auc_original,mean_auc_retrained,mean_difference,ci_low,ci_high,wilcoxon_p",
                "file:x,a,2,full,0.777778,0.944444,0.166667,0.111111,0.222222,0.5",
                "file:x,a,2,without_excluded,1,1,0,0,0,",
                "file:x,b,2,full,0.777778,0.777778,0,0,0,",
                "file:x,b,2,without_excluded,1,1,0,0,0,",
                "file:x,all,2,full,0.777778,0.861111,0.083333,0.055556,0.111111,0.5",
                "file:x,all,2,without_excluded,1,1,0,0,0,");
    }

    @Test
    void noRetrainedRunsNoRetrainCsv() throws Exception {
        List<RunData> original = List.of(HandMade.run(1, "a", 0, "", 7.0 / 9, 0.5, TARGETS, HandMade.all(6), ORIGINAL));
        AnalysisResult a = Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a"), original, AnalysisOptions.defaults());
        assertThat(a.retrain()).isEmpty();
        AnalysisWriter.write(a, dir);
        assertThat(dir.resolve("retrain.csv")).doesNotExist();
        assertThat(dir.resolve("features.csv")).exists();
        assertThat(dir.resolve("model_comparison.csv")).exists();
    }
}
