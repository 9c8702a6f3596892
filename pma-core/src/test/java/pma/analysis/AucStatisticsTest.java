package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.stats.Interval;

/** DeLong intervals per run, bootstrap intervals for Table 1, paired model comparisons. */
class AucStatisticsTest {
    @TempDir
    Path dir;

    static final int[] TARGETS = {1, 1, 0, 0};
    static final double[] PERFECT = {0.9, 0.8, 0.2, 0.1};
    static final double[] REVERSED = {0.1, 0.2, 0.8, 0.9};
    /** Positives 0.8, 0.6; negatives 0.7, 0.1: AUC 3/4. */
    static final double[] THREE_QUARTERS = {0.8, 0.6, 0.7, 0.1};

    static AnalysisResult analyse() {
        // a is perfect on every iteration; b is reversed, then 3/4, then identical to a.
        double[][] b = {REVERSED, THREE_QUARTERS, PERFECT};
        double[] bAuc = {0, 0.75, 1};
        List<RunData> runs = new ArrayList<>();
        for (int it = 0; it < 3; it++) {
            runs.add(HandMade.run(1 + it, "a", it, "", 1, 0.5, TARGETS, HandMade.all(4), PERFECT));
            runs.add(HandMade.run(4 + it, "b", it, "", bAuc[it], 0.5, TARGETS, HandMade.all(4), b[it]));
        }
        return Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a", "b"), runs, AnalysisOptions.defaults());
    }

    /*
     * DeLong for positives {0.8, 0.6}, negatives {0.7, 0.1}: V10 = {1, 1/2}, V01 = {1/2, 1}, each with
     * sample variance 1/8, so Var = 1/8/2 + 1/8/2 = 1/8 and the interval is 0.75 +- 1.959964 * sqrt(1/8)
     * = [0.057048, 1.442952] clipped to [0.057048, 1].
     */
    @Test
    void eachRunGetsItsDeLongInterval() {
        AnalysisResult a = analyse();
        Interval ci = a.aucStatistics().runCi().get(5);
        assertThat(ci.low()).isCloseTo(0.75 - 1.959963984540054 * Math.sqrt(0.125), within(1e-12));
        assertThat(ci.high()).isEqualTo(1.0);
    }

    @Test
    void runsCsvCarriesTheInterval() throws Exception {
        AnalysisWriter.runs(analyse()).write(dir.resolve("runs.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("runs.csv"));
        assertThat(lines.get(0)).isEqualTo("run_id,model,iteration,exclusion,seed,epochs,best_epoch,val_auc,test_auc,"
                + "auc_low,auc_high,threshold,train_seconds,test_images");
        assertThat(lines).contains("5,b,1,,1,5,3,0.8,0.75,0.057048,1,0.5,1,4");
    }

    /*
     * Per iteration AUC(a) - AUC(b): 1, 1/4, 0; mean 5/12. Paired DeLong: iteration 0 has zero
     * variance and a difference of 1 (p = 0, significant); iteration 1: the component differences
     * {0, 1/2} and {1/2, 0} give Var = 1/8, z = 0.25 / sqrt(1/8) = 0.707, p = 0.48; iteration 2:
     * identical scores, p = 1. Wilcoxon over {1, 1/4, 0}: the zero is dropped, ranks 2 and 1 both
     * positive, V = 3; with a zero R has no exact p and neither has pma: z = (3 - 1.5 - 0.5) / sqrt(2·3·5/24),
     * p = 0.3710933695226977 (scipy.stats.wilcoxon(method="approx", correction=True); R: 0.3711).
     */
    @Test
    void modelsAreComparedPairedOnEachIteration() throws Exception {
        AnalysisResult a = analyse();
        AucStatistics.Comparison c = a.aucStatistics().comparisons().get(0);
        assertThat(c.iterations()).isEqualTo(3);
        assertThat(c.meanDifference()).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(c.significantIterations()).isEqualTo(1);
        assertThat(c.wilcoxonP()).isCloseTo(0.3710933695226977, within(1e-12));
        AnalysisWriter.modelComparison(a).write(dir.resolve("model_comparison.csv"));
        assertThat(Files.readAllLines(dir.resolve("model_comparison.csv"))).containsExactly(
                "model_a,model_b,iterations,mean_difference,significant_iterations,wilcoxon_p", "a,b,3,0.416667,1,0.371093");
    }

    /*
     * Table 1 over the runs' AUCs. Model a: every run 1, every resample mean 1: [1, 1]. Model b: runs 0,
     * 0.75, 1; mean 7/12, sd sqrt(((7/12)² + (1/6)² + (5/12)²) / 2) = sqrt(13/48) = 0.520416. A resample
     * of three is all 0 with probability 1/27 (3.7%, some 370 of 10,000 resamples), more than the 2.5%
     * the lower bound reads (order statistics 250 and 251), and all 1 likewise: the interval is [0, 1]
     * (a separate Python implementation of the seeded draws gives the same).
     * AUCs from the scores (Mann–Whitney U / (n1·n0), scipy.stats.mannwhitneyu): 0, 3/4 and 1.
     */
    @Test
    void tableOneIntervalIsAPercentileBootstrapOfTheRunAucs() throws Exception {
        AnalysisResult a = analyse();
        assertThat(a.aucStatistics().modelCi().get("a")).isEqualTo(new Interval(1, 1));
        assertThat(a.aucStatistics().modelCi().get("b")).isEqualTo(new Interval(0, 1));
        AnalysisWriter.auc(a).write(dir.resolve("auc.csv"));
        assertThat(Files.readAllLines(dir.resolve("auc.csv"))).containsExactly(
                "model,runs,mean_auc,sd_auc,min_auc,max_auc,ci_low,ci_high,runs_selected",
                "a,3,1,0,1,1,1,1,all",
                "b,3,0.583333,0.520416,0,1,0,1,all");
    }
}
