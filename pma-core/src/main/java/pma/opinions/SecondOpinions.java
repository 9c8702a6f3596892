package pma.opinions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import pma.ledger.Prediction;

/**
 * Second opinions on every image besides its misclassification frequency: confident learning from
 * the pooled out-of-sample probabilities and training dynamics from the per-epoch records.
 *
 * @param probabilityPositive mean P(positive) over the image's test appearances, all models pooled
 *     (NaN when never tested): the out-of-sample probabilities confident learning reads
 * @param confidentLearning scores and label issues
 * @param dynamics training-dynamics scores (all NaN when epochs were not recorded)
 * @param outline the lesion outline's view and its stack with the networks' ({@link LesionOutline}); null
 *     where the dataset has no masks or they could not be read
 */
public record SecondOpinions(double[] probabilityPositive, ConfidentLearning.Result confidentLearning,
                             TrainingDynamics.Scores dynamics, LesionOutline.Result outline) {

    /** Cartography's "ambiguous" region: the top third of images by variability. */
    public static final double AMBIGUOUS_SHARE = 1.0 / 3;

    /** The detectors whose default cuts make the combined view, in this order. */
    public static final List<String> AGREEMENT = List.of("algorithm1", "cl", "forgetting", "aum", "cartography");

    public static SecondOpinions of(int[] targets, double[] probabilityPositive, TrainingDynamics.Scores dynamics,
                                    LesionOutline.Result outline) {
        return new SecondOpinions(probabilityPositive.clone(),
                ConfidentLearning.ofBinary(targets, probabilityPositive), dynamics, outline);
    }

    /**
     * A ranking with a default cut.
     *
     * @param name short snake_case name
     * @param cut what the default cut is, in words
     * @param suspicion higher = more likely a bad label; NaN = no score
     * @param flagged the default cut
     */
    public record Detector(String name, String cut, double[] suspicion, boolean[] flagged) {}

    /**
     * Every detector: F, F tie-broken, Algorithm 1's flags, confident learning and (when epochs were
     * recorded) each training-dynamics score.
     *
     * @param f pooled misclassification frequency per image (NaN when never tested)
     * @param meanTrueClassProb mean probability of the given label over test appearances
     * @param atTheta Algorithm 1's flag rule applied at the starting θ (the pooled rule: F &gt; θ with
     *     enough appearances); the cut of the plain F detectors
     * @param rule {@code atTheta}'s rule in words
     * @param flags Algorithm 1's flags (the analysis's result)
     */
    public List<Detector> detectors(double[] f, double[] meanTrueClassProb, boolean[] atTheta, String rule,
                                    boolean[] flags) {
        int n = f.length;
        List<Detector> out = new ArrayList<>();
        boolean[] fCut = atTheta.clone();
        String fWords = rule;
        out.add(new Detector("f", fWords, f.clone(), fCut));
        double[] tieBroken = lexicographic(f, negate(meanTrueClassProb));
        out.add(new Detector("f_tiebroken", fWords + ", ranked by F then lower mean true-class probability",
                tieBroken, fCut));
        out.add(new Detector("algorithm1", "Algorithm 1's flags, ranked as f_tiebroken", tieBroken, flags.clone()));
        ConfidentLearning.Result cl = confidentLearning;
        out.add(new Detector("cl", "label issues by prune-by-noise-rate, ranked by self-confidence",
                negate(cl.selfConfidence()), cl.labelIssue().clone()));
        if (dynamics.empty()) return out;
        TrainingDynamics.Scores d = dynamics;
        double[] forgetting = d.forgettingEvents().clone();
        for (int i = 0; i < n; i++) if (Double.isNaN(forgetting[i]) && d.runs()[i] > 0) forgetting[i] = 0;
        // The cut is Toneva et al.'s marker itself: never learned in at least one training run. (A
        // majority-of-runs cut flags nothing with small networks, which fit nearly every image at some epoch.)
        out.add(new Detector("forgetting", "never learned in at least one training run; ranked by the share of such "
                + "runs, then forgetting events", lexicographic(d.neverLearned(), forgetting), above(d.neverLearned(), 0)));
        out.add(new Detector("aum", "AUM < 0, ranked by lower AUM", negate(d.aum()), below(d.aum(), 0)));
        out.add(new Detector("cartography", "confidence < 0.5 (hard to learn), ranked by lower confidence",
                negate(d.confidence()), below(d.confidence(), 0.5)));
        out.add(new Detector("cartography_correctness", "correct in fewer than half the epochs, ranked by lower correctness",
                negate(d.correctness()), below(d.correctness(), 0.5)));
        out.add(new Detector("cartography_variability", "top third by variability (ambiguous), ranked by higher variability",
                d.variability().clone(), topShare(d.variability(), AMBIGUOUS_SHARE)));
        return out;
    }

    /**
     * The loss- and neighbour-based rankings: {@code sla}, {@code sla_group}, {@code consensus_rank}
     * (see {@link LossAggregation}) and, where feature-space neighbours were recorded, {@code knn_group}
     * and {@code sla_knn} ({@link FeatureNeighbours}; {@link #suspicion}). Each cuts at the k most suspect
     * images, k being confident learning's number of label issues (its estimate of how many labels are
     * wrong), so that at the cut they differ from confident learning only in which images they rank first.
     *
     * @param targets given label of each image
     * @param runs each run's test predictions
     * @param neighbours each run's shares of other-label neighbours by test image, in the order of {@code runs}
     * @param groups patient group of each image
     */
    public List<Detector> lossDetectors(int[] targets, List<List<Prediction>> runs, List<Map<Integer, Double>> neighbours,
                                        List<String> groups) {
        int k = confidentLearning.issues();
        String cut = "the " + k + " most suspect (k = cl's label issues)";
        double[] sla = LossAggregation.sla(targets, runs);
        double[] slaGroup = LossAggregation.groupMean(sla, groups);
        List<double[]> voters = new ArrayList<>(List.of(sla, negate(confidentLearning.selfConfidence())));
        if (!dynamics.empty()) voters.add(negate(dynamics.aum()));
        double[] rank = LossAggregation.meanNormalisedRank(voters);
        List<Detector> out = new ArrayList<>(List.of(
                new Detector("sla", cut + ", ranked by mean within-run z-score of the given label's loss", sla,
                        LossAggregation.top(sla, k)),
                new Detector("sla_group", cut + ", ranked by sla averaged over the patient group", slaGroup,
                        LossAggregation.top(slaGroup, k)),
                new Detector("consensus_rank", cut + ", ranked by the mean normalised rank of sla, cl"
                        + (dynamics.empty() ? "" : " and aum"), rank, LossAggregation.top(rank, k))));
        double[] knnGroup = knnGroup(targets.length, neighbours, groups);
        if (knnGroup != null) {
            double[] slaKnn = slaKnn(slaGroup, knnGroup);
            out.add(new Detector("knn_group", cut + ", ranked by the share of the " + FeatureNeighbours.K
                    + " nearest training images in feature space labelled otherwise, mean over runs, averaged over the "
                    + "patient group", knnGroup, LossAggregation.top(knnGroup, k)));
            out.add(new Detector("sla_knn", cut + ", ranked by the mean normalised rank of sla_group and knn_group"
                    + (leads(outline) ? "" : " (pma's default order)"), slaKnn, LossAggregation.top(slaKnn, k)));
        }
        if (outline != null) {
            double[] alone = otherClass(targets, outline.outline(), groups);
            int kAlone = ConfidentLearning.ofBinary(targets, outline.outline()).issues();
            out.add(new Detector("outline", "the " + kAlone + " most suspect (k = confident learning's label issues on "
                    + "the outline's probabilities), ranked by the outline's out-of-fold probability of the other "
                    + "class, averaged over the patient group", alone, LossAggregation.top(alone, kAlone)));
            double[] views = otherClass(targets, outline.views(), groups);
            int kViews = ConfidentLearning.ofBinary(targets, outline.views()).issues();
            out.add(new Detector("views", "the " + kViews + " most suspect (k = confident learning's label issues on "
                    + "the stacked probabilities), ranked by the stacked networks' and outline's out-of-fold "
                    + "probability of the other class, averaged over the patient group"
                    + (leads(outline) ? " (pma's default order: the outline predicts the labels better than the "
                    + "networks)" : ""), views, LossAggregation.top(views, kViews)));
        }
        return out;
    }

    private static boolean leads(LesionOutline.Result outline) {
        return outline != null && outline.leads();
    }

    /**
     * The detector whose ranking is pma's default order of suspicion ({@link #suspicion}): {@code views}
     * where the lesion outline leads, else {@code sla_knn}, or {@code sla_group} where no run recorded
     * feature-space neighbours.
     *
     * @param outline the outline's view, or null
     * @param neighbours each run's shares of other-label neighbours
     */
    public static String order(LesionOutline.Result outline, List<Map<Integer, Double>> neighbours) {
        if (leads(outline)) return "views";
        return neighbours.stream().allMatch(Map::isEmpty) ? "sla_group" : "sla_knn";
    }

    /** Each image's probability of the class other than its given label, averaged over its patient group. */
    static double[] otherClass(int[] targets, double[] probabilityPositive, List<String> groups) {
        double[] other = new double[targets.length];
        for (int i = 0; i < other.length; i++) {
            other[i] = targets[i] == 1 ? 1 - probabilityPositive[i] : probabilityPositive[i];
        }
        return LossAggregation.groupMean(other, groups);
    }

    /**
     * pma's default order of suspicion, higher = more suspect: {@code views} where the lesion outline
     * predicts the given labels better than the networks ({@link LesionOutline.Result#leads}); otherwise
     * {@code sla_knn}, the mean normalised rank of {@code sla_group} and {@code knn_group};
     * {@code sla_group} alone when no run recorded feature-space neighbours. Chosen on BUSI and
     * synthetic seeds, checked on held-out ones (docs/detection.md).
     *
     * @param outline the outline's view, or null
     */
    public static double[] suspicion(int[] targets, List<List<Prediction>> runs, List<Map<Integer, Double>> neighbours,
                                     List<String> groups, LesionOutline.Result outline) {
        String order = order(outline, neighbours);
        if (order.equals("views")) return otherClass(targets, outline.views(), groups);
        double[] slaGroup = LossAggregation.groupMean(LossAggregation.sla(targets, runs), groups);
        return order.equals("sla_group") ? slaGroup : slaKnn(slaGroup, knnGroup(targets.length, neighbours, groups));
    }

    /** {@code sla_knn}: the mean normalised rank of {@code sla_group} and {@code knn_group}, higher = more suspect. */
    private static double[] slaKnn(double[] slaGroup, double[] knnGroup) {
        return LossAggregation.meanNormalisedRank(List.of(slaGroup, knnGroup));
    }

    /**
     * The grouped mean share of other-label neighbours, rounded to 1e-9 so that equal shares reached by
     * different sums (0.5 + 0.7 and 0.6 + 0.6) tie exactly; null when no run recorded any.
     */
    private static double[] knnGroup(int n, List<Map<Integer, Double>> neighbours, List<String> groups) {
        if (neighbours.stream().allMatch(Map::isEmpty)) return null;
        double[] g = LossAggregation.groupMean(FeatureNeighbours.meanOverRuns(n, neighbours), groups);
        for (int i = 0; i < g.length; i++) if (!Double.isNaN(g[i])) g[i] = Math.round(g[i] * 1e9) / 1e9;
        return g;
    }

    /**
     * The agreement detector: how many of the {@link #AGREEMENT} detectors flag each image; its cut is
     * "all of those available agree".
     */
    public static Detector consensus(List<Detector> detectors) {
        List<Detector> voters = detectors.stream().filter(d -> AGREEMENT.contains(d.name())).toList();
        int n = voters.get(0).flagged().length;
        double[] votes = new double[n];
        boolean[] all = new boolean[n];
        for (int i = 0; i < n; i++) {
            int v = 0;
            for (Detector d : voters) if (d.flagged()[i]) v++;
            votes[i] = v;
            all[i] = v == voters.size();
        }
        return new Detector("consensus", "flagged by all of " + String.join(" + ",
                voters.stream().map(Detector::name).toList()) + "; ranked by how many flag it", votes, all);
    }

    // ---- helpers ----

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }

    /** v[i] < limit; NaN is never flagged. */
    private static boolean[] below(double[] v, double limit) {
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] < limit;
        return out;
    }

    /** v[i] > limit; NaN is never flagged. */
    private static boolean[] above(double[] v, double limit) {
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] > limit;
        return out;
    }

    /** The top {@code share} of scored images (ties at the boundary included). */
    private static boolean[] topShare(double[] v, double share) {
        double[] scored = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        boolean[] out = new boolean[v.length];
        if (scored.length == 0) return out;
        int k = (int) Math.ceil(share * scored.length);
        double limit = scored[scored.length - Math.max(1, k)];
        for (int i = 0; i < v.length; i++) out[i] = v[i] >= limit;
        return out;
    }

    /**
     * One score ordering by {@code first}, then {@code second} (both higher = more suspect; NaN
     * lowest): equal pairs share a value, so ties stay ties.
     */
    static double[] lexicographic(double[] first, double[] second) {
        int n = first.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Comparator<Integer> cmp = Comparator.<Integer>comparingDouble(i -> low(first[i]))
                .thenComparingDouble(i -> low(second[i]));
        Arrays.sort(order, cmp);
        double[] out = new double[n];
        int level = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0 && cmp.compare(order[k - 1], order[k]) != 0) level++;
            out[order[k]] = Double.isNaN(first[order[k]]) ? Double.NaN : level;
        }
        return out;
    }

    private static double low(double x) {
        return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
    }
}
