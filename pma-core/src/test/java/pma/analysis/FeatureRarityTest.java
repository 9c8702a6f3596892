package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.split.Role;
import pma.split.Split;

/** features.csv on six hand-made images, every cell worked out on paper. */
class FeatureRarityTest {
    @TempDir
    Path dir;

    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    // Image 0 (negative at 0.9) and image 3 (positive at 0.2) are wrong in every run at threshold 0.5.
    static final double[] SCORES = {0.9, 0.1, 0.2, 0.2, 0.8, 0.95};
    static final String[] CALC = {"1", "0", "0", "1", "0", ""};
    static final String[] ECHO = {"hypo", "iso", "hypo", "hyper", "iso", "hypo"};
    static final String[] HALO = {"1", "1", "1", "1", "1", "1"};
    static final String[] SUBTYPE = {"colloid", "colloid", "colloid", "ptc", "ptc", ""};

    static Dataset dataset() {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("calc", CALC[i]);
            f.put("echo", ECHO[i]);
            f.put("halo", HALO[i]);
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i,
                    SUBTYPE[i], "", f));
        }
        return new Dataset(Path.of("."), images, "benign", "malignant", List.of("calc", "echo", "halo"), "x");
    }

    static Split split(int iteration, String roles) {
        Role[] r = new Role[roles.length()];
        for (int i = 0; i < r.length; i++) r[i] = switch (roles.charAt(i)) {
            case 't' -> Role.TRAIN;
            case 'v' -> Role.VAL;
            default -> Role.TEST;
        };
        return new Split(iteration, iteration, r);
    }

    static AnalysisResult analyse() {
        // Training sets: {0,1,2,3}, {1,2,4,5}, {0,4,5}.
        List<Split> splits = List.of(split(0, "ttttvs"), split(1, "vttstt"), split(2, "tvsstt"));
        List<RunData> runs = new ArrayList<>();
        int id = 1;
        for (String model : List.of("a", "b")) {
            for (int it = 0; it < 3; it++) {
                runs.add(HandMade.run(id++, model, it, "", 6.5 / 9, 0.5, TARGETS, HandMade.all(6), SCORES));
            }
        }
        // Two flags of six images (33%) pass the default cap of 25%; allow half.
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.5, 0.5, AnalysisOptions.AUTO, FlagRule.POOLED, AnalysisOptions.AUTO,
                true);
        return Analysis.of(dataset(), HandMade.config("a", "b"), runs, splits, List.of(), Map.of(), o);
    }

    @Test
    void flagsAreTheTwoAlwaysWrongImages() {
        assertThat(analyse().flagged()).extracting(s -> s.image().id()).containsExactlyInAnyOrder("img0", "img3");
    }

    /*
     * Flagged {0, 3}. Rows, with the 2x2 table [[flagged with, flagged without], [other with, other without]]
     * over annotated images, and the mean training share over the three training sets (two runs each):
     *   calc=1   annotated 0-4: with {0,3}; table [[2,0],[0,3]]: p = C(2,2)C(3,0)/C(5,2) = 0.1;
     *            OR (2.5*3.5)/(0.5*0.5) = 35 (Haldane); train 2/4, 0/3, 1/2 -> 1/3
     *   echo=hyper {3}:      [[1,1],[0,4]]: p = 5/15;  OR (1.5*4.5)/(1.5*0.5) = 9;  train 1/4, 0, 0 -> 1/12
     *   echo=hypo  {0,2,5}:  [[1,1],[2,2]]: p = 1;     OR 1;   train 2/4, 2/4, 2/3 -> 5/9
     *   echo=iso   {1,4}:    [[0,2],[2,2]]: p = 6/15 + 1/15;  OR (0.5*2.5)/(2.5*2.5) = 0.2; train 1/4, 2/4, 1/3
     *   halo=1     all six:  no image without it: nothing to test (empty cells, left out of BH)
     *   subtype=colloid {0,1,2} of annotated 0-4: [[1,1],[2,1]]: p = 1; OR 0.5; train 3/4, 2/3, 1/2
     *   subtype=ptc {3,4}:   [[1,1],[1,2]]: p = 1; OR 2; train 1/4, 1/3, 1/2
     * BH over the six p (0.1, 1/3, 7/15, 1, 1, 1): q = 0.6, 14/15, 14/15, 1, 1, 1.
     * Woolf intervals exp(log OR +- 1.959964 sqrt(sum 1/cell)), e.g. calc: sqrt(1/2.5+2+2+1/3.5) = 2.164651.
     */
    @Test
    void featuresCsvMatchesTheHandComputation() throws Exception {
        AnalysisWriter.features(analyse()).write(dir.resolve("features.csv"));
        assertThat(Files.readAllLines(dir.resolve("features.csv"))).containsExactly(
                "feature,value,images,share_dataset,mean_share_train,flagged_with,share_flagged,odds_ratio,or_low,or_high,"
                        + "fisher_p,bh_q,not_flaggable",
                "calc,1,2,0.4,0.333333,2,1,35,0.502937,2435.692067,0.1,0.6,0",
                "echo,hyper,1,0.166667,0.083333,1,0.5,9,0.223461,362.479568,0.333333,0.933333,0",
                "echo,hypo,3,0.5,0.555556,1,0.5,1,0.033549,29.807415,1,1,0",
                "echo,iso,2,0.333333,0.361111,0,0,0.2,0.006003,6.663549,0.466667,0.933333,0",
                "halo,1,6,1,1,2,1,,,,,,0",
                "subtype,colloid,3,0.6,0.638889,1,0.5,0.5,0.01278,19.562406,1,1,0",
                "subtype,ptc,2,0.4,0.361111,1,0.5,2,0.051118,78.249625,1,1,0");
    }

    /*
     * Twelve images, 0-4 benign, 5-11 malignant; images 0-9 tested in four runs, image 10 in one,
     * image 11 never. Wrong every time: 0, 1, 5, and 10 in its one run. With at least 3 appearances
     * needed and θ = 0.9 fixed, flagged = {0, 1, 5}; 10 and 11 could never be flagged and leave the
     * 2x2 tables (their annotated cells count in not_flaggable), though they count in the dataset share.
     *   calc=1 {0,1,5,10,11}: [[3,0],[0,7]]; with 10 and 11 as "not flagged" it would be [[3,0],[2,7]],
     *          p 0.045 instead of 0.00833
     *   echo=hypo {0,2,6,10} (11 not annotated): [[1,2],[2,5]];  echo=iso {1,3,4,5,7,8,9}: [[2,1],[5,2]]
     * Expected values from scipy 1.10.1: fisher_exact([[3,0],[0,7]]) p = 0.008333333, the others p = 1;
     * odds ratios (Haldane's 0.5 in every cell when one is 0) 3.5*7.5/0.25 = 105, 1*5/(2*2) = 1.25,
     * 2*2/(1*5) = 0.8; Woolf intervals exp(log OR ± 1.959964 sqrt(Σ 1/cell)); BH q = 3p = 0.025, 1, 1.
     */
    @Test
    void imagesThatCouldNeverBeFlaggedAreLeftOutOfTheComparison() throws Exception {
        int[] targets = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        String[] calc = {"1", "1", "0", "0", "0", "1", "0", "0", "0", "0", "1", "1"};
        String[] echo = {"hypo", "iso", "hypo", "iso", "iso", "iso", "hypo", "iso", "iso", "iso", "hypo", ""};
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            images.add(new ImageRecord(i, "img" + i, targets[i] == 1 ? "malignant" : "benign", targets[i], "p" + i, "", "",
                    Map.of("calc", calc[i], "echo", echo[i])));
        }
        Dataset d = new Dataset(Path.of("."), images, "benign", "malignant", List.of("calc", "echo"), "x");
        boolean[] wrong = {true, true, false, false, false, true, false, false, false, false, true, false};
        List<RunData> runs = new ArrayList<>();
        for (int it = 0; it < 4; it++) {
            int[] tested = it == 1 ? HandMade.all(11) : HandMade.all(10);
            double[] scores = new double[tested.length];
            for (int k = 0; k < tested.length; k++) {
                int i = tested[k];
                scores[k] = (targets[i] == 1) != wrong[i] ? 0.9 : 0.1;
            }
            runs.add(HandMade.run(it + 1, "a", it, "", 0.8, 0.5, targets, tested, scores));
        }
        AnalysisOptions fixed = new AnalysisOptions(0.9, 0.05, 0.5, 0.5, 3, FlagRule.POOLED, 1, false);
        AnalysisResult a = Analysis.of(d, HandMade.config("a"), runs, fixed);
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactlyInAnyOrder("img0", "img1", "img5");

        AnalysisWriter.features(a).write(dir.resolve("features.csv"));
        assertThat(Files.readAllLines(dir.resolve("features.csv"))).containsExactly(
                "feature,value,images,share_dataset,mean_share_train,flagged_with,share_flagged,odds_ratio,or_low,or_high,"
                        + "fisher_p,bh_q,not_flaggable",
                "calc,1,5,0.416667,,3,1,105,1.705428,6464.653536,0.008333,0.025,2",
                "echo,hypo,4,0.363636,,1,0.333333,1.25,0.068293,22.879469,1,1,1",
                "echo,iso,7,0.636364,,2,0.666667,0.8,0.043707,14.64286,1,1,1");
    }

    @Test
    void withoutFlagsNothingIsTestedAndWithoutSplitsNoTrainingShare() {
        List<RunData> runs = List.of(HandMade.run(1, "a", 0, "", 1, 0.5, TARGETS, HandMade.all(6),
                new double[] {0.1, 0.1, 0.1, 0.9, 0.9, 0.9}));
        AnalysisResult a = Analysis.of(dataset(), HandMade.config("a"), runs, AnalysisOptions.defaults());
        assertThat(a.flagged()).isEmpty();
        assertThat(a.features()).hasSize(7).allSatisfy(r -> {
            assertThat(r.flaggedWith()).isZero();
            assertThat(r.shareFlagged()).isNaN();
            assertThat(r.fisherP()).isNaN();
            assertThat(r.bhQ()).isNaN();
            assertThat(r.meanShareTrain()).isNaN();
        });
    }

    @Test
    void categoryValuesSortNumericallyAndZeroOneColumnsGetOneRow() {
        assertThat(FeatureRarity.values(new String[] {"10", "2", "", "1"})).containsExactly("1", "2", "10");
        assertThat(FeatureRarity.values(new String[] {"0", "1", "", "0"})).containsExactly("1");
        assertThat(FeatureRarity.values(new String[] {"0", "0"})).containsExactly("1");
        assertThat(FeatureRarity.values(new String[] {"b", "a", "b"})).containsExactly("a", "b");
        assertThat(FeatureRarity.values(new String[] {"", ""})).isEmpty();
    }
}
