package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.opinions.SecondOpinions;
import pma.ledger.RunRecord;
import pma.split.Role;

/** Analysis on hand-made runs whose every number can be worked out on paper. */
class AnalysisTest {
    // Targets 0,0,0,1,1,1. Image 0 is a negative that every run scores 0.9: always a false positive.
    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    static final double[] SCORES = {0.9, 0.1, 0.2, 0.7, 0.8, 0.95};

    static Dataset dataset() {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i, "",
                    "", Map.of()));
        }
        return new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
    }

    static List<RunData> runs() {
        List<RunData> out = new ArrayList<>();
        int id = 1;
        for (String model : List.of("a", "b")) {
            for (int it = 0; it < 3; it++) {
                List<Prediction> test = new ArrayList<>();
                for (int i = 0; i < TARGETS.length; i++) {
                    int predicted = SCORES[i] >= 0.5 ? 1 : 0;
                    test.add(new Prediction(i, Role.TEST, SCORES[i], predicted, predicted == TARGETS[i]));
                }
                out.add(new RunData(new RunRecord(id++, model, it, "", 1, "done", 5, 3, 0.8, 7.0 / 9, 0.5, 1), test));
            }
        }
        return out;
    }

    static ExperimentConfig config() {
        return ExperimentConfig.quick().toBuilder().build();
    }

    static AnalysisResult analyse(AnalysisOptions o) {
        ExperimentConfig c = config();
        ExperimentConfig.Builder b = c.toBuilder();
        b.setModels(List.of("a", "b"));
        return Analysis.of(dataset(), b.build(), runs(), o);
    }

    @Test
    void frequenciesPerModelAndPooled() {
        AnalysisResult a = analyse(AnalysisOptions.defaults());
        ImageStats s0 = a.images().get(0);
        assertThat(s0.byModel().get("a")).isEqualTo(new Tally(3, 3, 3, 0, 3 * (1 - 0.9)));
        assertThat(s0.pooled().appearances()).isEqualTo(6);
        assertThat(s0.pooled().frequency()).isEqualTo(1.0);
        assertThat(s0.pooled().meanTrueClassProb()).isCloseTo(0.1, within(1e-12));
        assertThat(s0.rank()).isEqualTo(1);
        assertThat(a.images().get(1).pooled().frequency()).isEqualTo(0.0);
        // Wilson 95% for 6/6: (n/(n+z²), 1)
        double z = 1.959963984540054;
        assertThat(s0.ci().low()).isCloseTo(6 / (6 + z * z), within(1e-12));
    }

    @Test
    void rankFollowsTheGroupedStandardizedLossAndFRankThePapersOrder() {
        // Images 0 and 1 are views of one patient. Every run scores alike, so each image's z-score is
        // the same in every run: losses -ln p(given) = 2.3026, 0.1054, 0.2231, 0.3567, 0.2231, 0.0513,
        // z = 2.2193, -0.5531, -0.4045, -0.2360, -0.4045, -0.6213 (numpy, sd with the n denominator).
        // Grouped: images 0 and 1 share (2.2193 - 0.5531) / 2 = 0.8331, tied, broken by the paper's order.
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i],
                    i == 1 ? "p0" : "p" + i, "", "", Map.of()));
        }
        Dataset grouped = new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
        ExperimentConfig c = config().toBuilder().setModels(List.of("a", "b")).build();
        AnalysisResult a = Analysis.of(grouped, c, runs(), AnalysisOptions.defaults());
        // pma's order: 0, 1, 3, 2, 4, 5. The paper's (F, then lower mean true-class probability, then
        // manifest order): 0 (F = 1), then F = 0 by probability 0.7, 0.8, 0.8, 0.9, 0.95: 0, 3, 2, 4, 1, 5.
        assertThat(a.images()).extracting(ImageStats::rank).containsExactly(1, 2, 4, 3, 5, 6);
        assertThat(a.images()).extracting(ImageStats::fRank).containsExactly(1, 5, 3, 2, 4, 6);
        // --replicate-authors keeps the paper's order in rank too.
        AnalysisOptions authors = new AnalysisOptions(0.9, 0.05, 0.5, 0.25, AnalysisOptions.AUTO, FlagRule.POOLED,
                AnalysisOptions.AUTO, true, AnalysisOptions.AUTO, true, AnalysisOptions.AUTO);
        assertThat(Analysis.of(grouped, c, runs(), authors).images())
                .extracting(ImageStats::rank).containsExactly(1, 5, 3, 2, 4, 6);
    }

    @Test
    void withFeatureNeighboursRankFollowsTheMeanNormalisedRankOfBoth() {
        // Every run records the same shares of other-label neighbours: 0.0, 0.1, 0.2, 0.3, 0.5, 0.4.
        // Mid-ranks, most suspect highest: sla (z above, one image per patient) 6, 2, 3.5, 5, 3.5, 1;
        // neighbours 1, 2, 3, 4, 6, 5; sums 7, 4, 6.5, 9, 9.5, 6, so the order is 4, 3, 0, 2, 5, 1.
        Map<Integer, Double> shares = Map.of(0, 0.0, 1, 0.1, 2, 0.2, 3, 0.3, 4, 0.5, 5, 0.4);
        List<RunData> runs = runs().stream().map(r -> new RunData(r.run(), r.test(), shares)).toList();
        ExperimentConfig c = config().toBuilder().setModels(List.of("a", "b")).build();
        AnalysisResult a = Analysis.of(dataset(), c, runs, AnalysisOptions.defaults());
        assertThat(a.images()).extracting(ImageStats::rank).containsExactly(3, 6, 4, 2, 1, 5);
        assertThat(a.images()).extracting(ImageStats::fRank).containsExactly(1, 5, 3, 2, 4, 6);
        SecondOpinions.Detector slaKnn = a.detectors().stream().filter(d -> d.name().equals("sla_knn")).findFirst().orElseThrow();
        assertThat(slaKnn.suspicion()[4]).isCloseTo(9.5 / 12, within(1e-12));
        assertThat(a.detectors()).extracting(SecondOpinions.Detector::name).contains("knn_group");
    }

    @Test
    void algorithm1ReachesKappaAtTheFirstTheta() {
        AnalysisResult a = analyse(AnalysisOptions.defaults());
        Algorithm1.Result r = a.algorithm1();
        // Before: 7 of 9 pairs ordered right; after dropping image 0 all 6 pairs are: ΔAUC = 2/9.
        assertThat(r.trace()).hasSize(1);
        assertThat(r.trace().get(0).aucBefore()).isCloseTo(7.0 / 9, within(1e-12));
        assertThat(r.trace().get(0).aucAfter()).isEqualTo(1.0);
        assertThat(r.reached()).isTrue();
        assertThat(r.flagged()).containsExactly(0);
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactly("img0");
    }

    @Test
    void algorithm1StopsAtTheFloorWhenKappaIsOutOfReach() {
        AnalysisOptions o = new AnalysisOptions(0.9, 0.5, 0.85, 1.0, 5, FlagRule.POOLED, 2, true);
        Algorithm1.Result r = analyse(o).algorithm1();
        assertThat(r.reached()).isFalse();
        assertThat(r.trace()).extracting(Algorithm1.Step::theta).containsExactly(0.9, 0.89, 0.88, 0.87, 0.86, 0.85);
        assertThat(r.stopReason()).isEqualTo("stopped: θ floor reached without gaining κ");
        assertThat(r.flagged()).containsExactly(0); // the starting θ's flags are kept
    }

    @Test
    void algorithm1StopsBeforeTheFlaggedShareCap() {
        // The cap (10%) is below one image in six: the starting θ = 0.9 already flags image 0 (17%),
        // and although dropping it would gain κ (7/9 → 1), nothing may be flagged.
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.0, 0.1, 5, FlagRule.POOLED, 2, true);
        AnalysisResult a = analyse(o);
        Algorithm1.Result r = a.algorithm1();
        assertThat(r.reached()).isFalse();
        assertThat(r.flagged()).isEmpty();
        assertThat(a.flagged()).isEmpty();
        assertThat(r.trace()).hasSize(1);
        assertThat(r.trace().get(0).flagged()).isEqualTo(1);
        assertThat(r.trace().get(0).aucAfter()).isEqualTo(1.0);
        assertThat(r.stopReason()).isEqualTo("stopped: the starting θ=0.90 already flags 17% of images (cap 10%), "
                + "so none is flagged");
    }

    @Test
    void algorithm1StopsBeforeTheCapBelowTheStart() {
        // Hand-built: 10 images; θ = 0.9 flags {0}, 0.89 flags {0, 1}, 0.88 flags {0, 1, 2, 3}.
        // ΔAUC never reaches κ; the cap of 30% stops the search before θ = 0.88 (40%).
        AnalysisOptions o = new AnalysisOptions(0.9, 0.5, 0.5, 0.3, 5, FlagRule.POOLED, 2, true);
        Algorithm1.Result r = Algorithm1.search(o, 10,
                theta -> theta >= 0.895 ? Set.of(0) : theta >= 0.885 ? Set.of(0, 1) : Set.of(0, 1, 2, 3),
                excluded -> 0.7 + 0.01 * excluded.size());
        assertThat(r.reached()).isFalse();
        assertThat(r.trace()).extracting(Algorithm1.Step::theta).containsExactly(0.9, 0.89);
        assertThat(r.trace()).extracting(Algorithm1.Step::flagged).containsExactly(1, 2);
        assertThat(r.flagged()).containsExactly(0);
        assertThat(r.stopReason()).isEqualTo("stopped: θ=0.88 would flag 40% of images (cap 30%)");
    }

    @Test
    void algorithm1AppliesTheCapAtTheStartingTheta() {
        // Hand-built: the start flags 3 of 10 images and gains κ, but the cap is 20%: no success, no flags.
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.5, 0.2, 5, FlagRule.POOLED, 2, true);
        Algorithm1.Result r = Algorithm1.search(o, 10, theta -> Set.of(0, 1, 2),
                excluded -> excluded.isEmpty() ? 0.70 : 0.80);
        assertThat(r.reached()).isFalse();
        assertThat(r.flagged()).isEmpty();
        assertThat(r.theta()).isEqualTo(0.9);
        assertThat(r.trace()).hasSize(1);
        assertThat(r.trace().get(0).delta()).isCloseTo(0.10, within(1e-12));
        assertThat(r.stopReason()).isEqualTo("stopped: the starting θ=0.90 already flags 30% of images (cap 20%), "
                + "so none is flagged");
    }

    @Test
    void tooFewAppearancesAreNeverFlagged() {
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 7, FlagRule.POOLED, 2, true);
        AnalysisResult a = analyse(o);
        assertThat(a.images()).noneMatch(ImageStats::flagged);
        assertThat(a.images()).noneMatch(ImageStats::enoughAppearances);
    }

    @Test
    void perModelRuleNeedsMoreThanMinModelsAgreeing() {
        Map<String, Tally> two = Map.of("a", new Tally(3, 3, 3, 0, 0), "b", new Tally(3, 3, 3, 0, 0));
        Tally pooled = new Tally(6, 6, 6, 0, 0);
        assertThat(FlagRule.PER_MODEL.flags(pooled, two, 0.85, 3, 1)).isTrue();
        assertThat(FlagRule.PER_MODEL.flags(pooled, two, 0.85, 3, 2)).isFalse();
        assertThat(FlagRule.PER_MODEL.flags(pooled, two, 0.85, 4, 1)).isFalse();
    }

    @Test
    void exclusionCurveStartsAtTheMeanAucAndRises() {
        AnalysisResult a = analyse(AnalysisOptions.defaults());
        List<ExclusionCurve.Point> all = a.exclusionCurve().stream().filter(p -> p.model().equals("all")).toList();
        assertThat(all.get(0).excluded()).isZero();
        assertThat(all.get(0).meanAuc()).isCloseTo(7.0 / 9, within(1e-12));
        assertThat(all.get(1).meanAuc()).isEqualTo(1.0);
        assertThat(all.get(0).runs()).isEqualTo(6);
    }

    @Test
    void everyTableHasItsSnakeCaseHeader(@TempDir Path dir) throws Exception {
        AnalysisWriter.write(analyse(AnalysisOptions.defaults()), dir);
        Map<String, String> headers = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) headers.put(f.getFileName().toString(), Files.readAllLines(f).get(0));
        }
        assertThat(headers).containsOnlyKeys("images.csv", "detectors.csv", "pred_probs.csv", "labels.csv", "runs.csv",
                "auc.csv", "model_comparison.csv", "features.csv", "algorithm1.csv", "exclusion_curve.csv");
        assertThat(headers.get("images.csv")).isEqualTo("image,label,target,patient,subtype,"
                + "appearances_a,errors_a,f_a,appearances_b,errors_b,f_b,"
                + "appearances,errors,false_positives,false_negatives,f,f_low,f_high,mean_true_class_prob,"
                + "enough_appearances,flagged,rank,f_rank,suspicion,suspect,cl_self_confidence,cl_normalized_margin,cl_label_issue,training_runs,"
                + "forgetting_events,never_learned,aum,cartography_confidence,cartography_variability,"
                + "cartography_correctness,detector_votes,outline_solidity,outline_aspect,outline_other_class");
        // Without epoch records there are no training-dynamics detectors: F (Algorithm 1) and confident learning.
        assertThat(headers.get("detectors.csv")).isEqualTo("image,label,patient,subtype,f,f_rank,flagged_by_algorithm1,"
                + "flagged_by_cl,votes,all_agree");
        assertThat(headers.get("pred_probs.csv")).isEqualTo("benign,malignant"); // the class names, as cleanlab reads them
        assertThat(headers.get("labels.csv")).isEqualTo("label,image");
        assertThat(headers.get("runs.csv")).isEqualTo("run_id,model,iteration,exclusion,seed,epochs,best_epoch,val_auc,"
                + "test_auc,auc_low,auc_high,threshold,train_seconds,test_images");
        assertThat(headers.get("auc.csv")).isEqualTo("model,runs,mean_auc,sd_auc,min_auc,max_auc,ci_low,ci_high,runs_selected");
        assertThat(headers.get("model_comparison.csv"))
                .isEqualTo("model_a,model_b,iterations,mean_difference,significant_iterations,wilcoxon_p");
        assertThat(headers.get("features.csv")).isEqualTo("feature,value,images,share_dataset,mean_share_train,flagged_with,"
                + "share_flagged,odds_ratio,or_low,or_high,fisher_p,bh_q,not_flaggable");
        assertThat(headers.get("algorithm1.csv")).isEqualTo("theta,flagged,flagged_share,auc_before,auc_after,delta_auc,reached_kappa");
        assertThat(headers.get("exclusion_curve.csv")).isEqualTo("excluded,model,mean_auc,runs");
    }

    @Test
    void tablesHaveOneRowPerImage() {
        AnalysisResult a = analyse(AnalysisOptions.defaults());
        assertThat(AnalysisWriter.images(a).size()).isEqualTo(6);
        assertThat(AnalysisWriter.auc(a).size()).isEqualTo(2);
        assertThat(AnalysisWriter.algorithm1(a).size()).isEqualTo(1);
        assertThat(Set.of(pma.io.CsvTable.number(0.5), pma.io.CsvTable.number(1.0), pma.io.CsvTable.number(Double.NaN),
                pma.io.CsvTable.number(1.0 / 3))).containsExactlyInAnyOrder("0.5", "1", "", "0.333333");
    }
}
