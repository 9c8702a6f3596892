package pma.analysis;

import java.util.List;
import java.util.Map;
import pma.dataset.Dataset;
import pma.config.ExperimentConfig;
import pma.opinions.SecondOpinions;
import pma.stats.Summary;

/**
 * Everything {@code pma analyze} computes from a ledger.
 *
 * @param options the options used, automatic values replaced by the ones chosen
 * @param images one entry per image, in manifest order
 * @param runs the runs analysed (main experiment only; with the authors' test-set thresholds when replicating)
 * @param aucByModel test AUC over runs per model (the paper's Table 1), in model order; over each
 *     model's best runs only when {@code options.topRuns() > 0}
 * @param aucStatistics DeLong intervals per run, bootstrap intervals for Table 1, paired model comparisons
 * @param features feature rarity among flagged images (the paper's Table 2)
 * @param retrain retrained runs against the originals, per exclusion set, model and evaluation; empty when none
 * @param opinions confident-learning and training-dynamics scores, per image in manifest order
 */
public record AnalysisResult(Dataset dataset, ExperimentConfig config, AnalysisOptions options, List<String> models,
                             List<ImageStats> images, List<RunData> runs, Map<String, Summary> aucByModel,
                             Algorithm1.Result algorithm1, List<ExclusionCurve.Point> exclusionCurve,
                             AucStatistics aucStatistics, List<FeatureRarity.Row> features,
                             List<RetrainComparison.Row> retrain, SecondOpinions opinions) {
    public List<ImageStats> flagged() {
        return images.stream().filter(ImageStats::flagged).sorted(java.util.Comparator.comparingInt(ImageStats::rank)).toList();
    }

    /**
     * pma's order of suspicion in this analysis, as the {@code rank} column follows it: its name and
     * what it sorts by, in words for the report.
     */
    public Order order() {
        if (options.replicateAuthors()) {
            return new Order("f", "the paper's: pooled F, ties by the lower mean probability of the given label");
        }
        String name = SecondOpinions.order(opinions.outline(), runs.stream().map(RunData::otherLabelNeighbours).toList());
        String sla = "the loss of the given label standardized within each run";
        return new Order(name, switch (name) {
            case "views" -> "the networks' and the lesion outline's out-of-sample probabilities, stacked by a logistic "
                    + "regression; each image's probability of the other class, averaged over its patient group. "
                    + "The outline's shape predicts the given labels better than the networks here";
            case "sla_group" -> sla + ", averaged over runs and over the patient group";
            default -> "the mean rank of two scores, each averaged over runs and over the patient group: " + sla
                    + ", and the share of the ten nearest training images in the network's feature space labelled otherwise";
        });
    }

    /**
     * The default cut of pma's order ({@link #order}): the images its detector flags, by image index
     * ({@code views}: confident learning's count of label issues on the stacked probabilities;
     * {@code sla_knn} and {@code sla_group}: confident learning's count on the networks'); Algorithm 1's
     * flags when the order is the paper's. The {@code suspect} column of images.csv, and
     * {@code pma retrain --exclude suspect}.
     */
    public boolean[] suspect() {
        return suspect(detectors());
    }

    /** {@link #suspect()} from {@code detectors}, this analysis's {@link #detectors()} already computed. */
    public boolean[] suspect(List<SecondOpinions.Detector> detectors) {
        String name = order().name();
        String detector = name.equals("f") ? "algorithm1" : name;
        return detectors.stream().filter(d -> d.name().equals(detector)).findFirst().orElseThrow().flagged();
    }

    /** An order of suspicion: its detector's name and what it sorts by. */
    public record Order(String name, String words) {}

    /**
     * Every detector of suspect labels, F and the second opinions alike, with its ranking and
     * default cut (the loss-based rankings last). The plain F detectors cut with Algorithm 1's own rule at the starting θ, so that
     * they differ from Algorithm 1's flags only by its search over θ.
     */
    public List<SecondOpinions.Detector> detectors() {
        int n = images.size();
        double[] f = new double[n], mean = new double[n];
        boolean[] atTheta = new boolean[n], flags = new boolean[n];
        int min = options.rule() == FlagRule.POOLED ? options.minAppearances() : options.minAppearancesPerModel();
        for (int i = 0; i < n; i++) {
            ImageStats s = images.get(i);
            f[i] = s.pooled().frequency();
            mean[i] = s.pooled().meanTrueClassProb();
            atTheta[i] = options.rule().flags(s.pooled(), s.byModel(), options.theta(), min, options.minModels());
            flags[i] = s.flagged();
        }
        List<SecondOpinions.Detector> out = new java.util.ArrayList<>(
                opinions.detectors(f, mean, atTheta, options.rule().describe(options.theta(), options.minModels()), flags));
        out.addAll(opinions.lossDetectors(dataset.targets(), runs.stream().map(RunData::test).toList(),
                runs.stream().map(RunData::otherLabelNeighbours).toList(), images.stream().map(s -> s.image().patient()).toList()));
        return out;
    }
}
