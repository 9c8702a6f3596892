package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pma.BadInputException;

/** The minimum appearances of the flag rules, pooled and per model, chosen from the experiment unless given. */
class FlagMinimumTest {
    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    static final double[] SCORES = {0.9, 0.1, 0.2, 0.2, 0.8, 0.95}; // images 0 and 3 always wrong at 0.5

    /*
     * Two models, three iterations. Iteration 0 tests all six images, iterations 1 and 2 images 1-5,
     * so image 0 appears once per model (twice pooled), the others three times per model (six pooled).
     * Medians: per model over 12 image-model pairs {1,1,3,...,3} = 3 -> min(5, ceil(3/2)) = 2;
     * pooled over 6 images {2,6,...,6} = 6 -> min(5, ceil(6/2)) = 3. Agreeing models: 2/2 = 1.
     */
    static AnalysisResult analyse(FlagRule rule, int minPooled, int minPerModel, int minModels) {
        List<RunData> runs = new ArrayList<>();
        int id = 1;
        for (String model : List.of("a", "b")) {
            for (int it = 0; it < 3; it++) {
                int[] images = it == 0 ? new int[] {0, 1, 2, 3, 4, 5} : new int[] {1, 2, 3, 4, 5};
                double[] scores = new double[images.length];
                for (int k = 0; k < images.length; k++) scores[k] = SCORES[images[k]];
                runs.add(HandMade.run(id++, model, it, "", 0.8, 0.5, TARGETS, images, scores));
            }
        }
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.5, 0.5, minPooled, rule, minModels, false, minPerModel,
                false, AnalysisOptions.AUTO);
        return Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a", "b"), runs, o);
    }

    @Test
    void automaticMinimumsFollowTheMedianAppearances() {
        AnalysisResult a = analyse(FlagRule.PER_MODEL, AnalysisOptions.AUTO, AnalysisOptions.AUTO, AnalysisOptions.AUTO);
        assertThat(a.options().minAppearancesPerModel()).isEqualTo(2);
        assertThat(a.options().minAppearances()).isEqualTo(3);
        assertThat(a.options().minModels()).isEqualTo(1);
    }

    @Test
    void perModelRuleNeverFlagsAnImageBelowThePerModelMinimum() {
        AnalysisResult a = analyse(FlagRule.PER_MODEL, AnalysisOptions.AUTO, AnalysisOptions.AUTO, AnalysisOptions.AUTO);
        // Image 0 is wrong 1/1 in each model but seen once per model, below 2: reported, not flagged.
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactly("img3");
        assertThat(a.images().get(0).enoughAppearances()).isFalse();
        assertThat(a.images().get(0).pooled().frequency()).isEqualTo(1.0);
        assertThat(a.images().get(3).enoughAppearances()).isTrue();
        // images.csv: ..., enough_appearances, flagged, rank (img0 ranks first: F = 1 and the lowest true-class probability)
        assertThat(AnalysisWriter.images(a).size()).isEqualTo(6);
        assertThat(csvLine(a, "img0")).contains(",false,false,1,");
        assertThat(csvLine(a, "img3")).contains(",true,true,2,");
    }

    @Test
    void aGivenPerModelMinimumIsUsedAsGiven() {
        AnalysisResult a = analyse(FlagRule.PER_MODEL, AnalysisOptions.AUTO, 1, AnalysisOptions.AUTO);
        assertThat(a.options().minAppearancesPerModel()).isEqualTo(1);
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactly("img0", "img3");
        AnalysisResult strict = analyse(FlagRule.PER_MODEL, AnalysisOptions.AUTO, 4, AnalysisOptions.AUTO);
        assertThat(strict.flagged()).isEmpty();
        assertThat(strict.images()).noneMatch(ImageStats::enoughAppearances);
    }

    @Test
    void pooledRuleUsesThePooledMinimum() {
        AnalysisResult a = analyse(FlagRule.POOLED, AnalysisOptions.AUTO, AnalysisOptions.AUTO, AnalysisOptions.AUTO);
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactly("img3"); // image 0: 2 < 3
        assertThat(a.images().get(0).enoughAppearances()).isFalse();
        assertThat(analyse(FlagRule.POOLED, 2, AnalysisOptions.AUTO, AnalysisOptions.AUTO).flagged()).hasSize(2);
    }

    @Test
    void tooManyAgreeingModelsIsBadInput() {
        assertThatThrownBy(() -> analyse(FlagRule.PER_MODEL, AnalysisOptions.AUTO, AnalysisOptions.AUTO, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--min-models 2 with 2 model(s): the per-model rule needs more than 2 models to agree, so it could never flag");
        assertThatThrownBy(() -> new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 5, FlagRule.POOLED, 2, true, 0, false, 0))
                .isInstanceOf(BadInputException.class).hasMessage("--min-appearances-per-model must be at least 1, got 0");
    }

    @Test
    void automaticMinimumScalesWithTheExperiment() {
        assertThat(AnalysisOptions.automaticMinimum(10)).as("100 Monte Carlo iterations, 10% test, per model").isEqualTo(5);
        assertThat(AnalysisOptions.automaticMinimum(40)).as("the same pooled over four models").isEqualTo(5);
        assertThat(AnalysisOptions.automaticMinimum(3)).as("quick profile: 3 repeats, per model").isEqualTo(2);
        assertThat(AnalysisOptions.automaticMinimum(6)).as("quick profile pooled over two models").isEqualTo(3);
        assertThat(AnalysisOptions.automaticMinimum(1)).isEqualTo(1);
        assertThat(AnalysisOptions.automaticMinimum(Double.NaN)).isEqualTo(1);
        assertThat(Analysis.median(List.of(3, 1, 2, 10))).isEqualTo(2.5);
    }

    private static String csvLine(AnalysisResult a, String id) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("images", ".csv");
            AnalysisWriter.images(a).write(f);
            String line = java.nio.file.Files.readAllLines(f).stream().filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow();
            java.nio.file.Files.delete(f);
            return line;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
