package pma.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.opinions.LesionOutline;
import pma.opinions.SecondOpinions;
import pma.opinions.TrainingDynamics;
import pma.split.Role;
import pma.split.Split;
import pma.stats.Summary;
import pma.stats.Thresholds;
import pma.stats.Wilson;

/**
 * Computes misclassification frequencies, flags, Algorithm 1, the exclusion curve, the AUC tables,
 * feature rarity and the retraining comparison from the runs recorded in a ledger.
 */
public final class Analysis {
    private Analysis() {}

    /**
     * pma's order of suspicion, which the {@code rank} column, the exclusion curve, the report and the
     * review queue follow: by {@code score} ({@link SecondOpinions#suspicion}, {@code sla_knn}: the mean
     * normalised rank of the grouped standardized loss and the grouped share of other-label
     * feature-space neighbours; {@code sla_group} alone where no neighbours were recorded). Ties keep
     * the paper's order.
     */
    private static List<Integer> suspicionOrder(List<Integer> fOrder, int[] fRank, double[] score) {
        List<Integer> order = new ArrayList<>(fOrder);
        order.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> fRank[i]));
        return order;
    }

    /** 1-based position of each image in {@code order}; 0 for an image not in it. */
    private static int[] ranks(List<Integer> order, int n) {
        int[] rank = new int[n];
        for (int k = 0; k < order.size(); k++) rank[order.get(k)] = k + 1;
        return rank;
    }

    /**
     * Analyses the ledger as it stands now. All its tables are read from one {@link Ledger#snapshot()}
     * (or from {@code ledger} itself when it is one), so a run committing meanwhile never leaves a run
     * counted whose predictions are not.
     */
    public static AnalysisResult of(Ledger ledger, AnalysisOptions options) {
        try (Ledger.Snapshot s = ledger.snapshot()) {
            Ledger l = s.ledger();
            Dataset dataset = l.dataset();
            ExperimentConfig config = l.config();
            Map<Integer, List<Prediction>> test = l.predictions(Role.TEST);
            Map<Integer, Map<Integer, Double>> neighbours = l.otherLabelNeighbours();
            List<RunData> runs = new ArrayList<>();
            List<RunData> retrained = new ArrayList<>();
            for (RunRecord r : l.runs(null)) {
                (r.exclusion().isEmpty() ? runs : retrained).add(new RunData(r, test.getOrDefault(r.runId(), List.of()),
                        neighbours.getOrDefault(r.runId(), Map.of())));
            }
            if (runs.isEmpty()) throw new BadInputException(ledger.file() + ": no finished runs to analyse yet");
            TrainingDynamics.Scores dynamics = TrainingDynamics.read(l, dataset.size(),
                    runs.stream().map(r -> r.run().runId()).toList());
            return of(dataset, config, runs, l.splits(), retrained, ExclusionSets.load(l), dynamics, options);
        }
    }

    /** The analysis of hand-made runs, without splits (no training shares) or retrained runs. */
    public static AnalysisResult of(Dataset dataset, ExperimentConfig config, List<RunData> runs, AnalysisOptions options) {
        return of(dataset, config, runs, List.of(), List.of(), Map.of(), new TrainingDynamics.Accumulator(dataset.size()).scores(),
                options);
    }

    /** As the full form, without epoch records (no training-dynamics scores). */
    public static AnalysisResult of(Dataset dataset, ExperimentConfig config, List<RunData> recorded, List<Split> splits,
                                    List<RunData> retrained, Map<String, ? extends Set<Integer>> exclusionSets,
                                    AnalysisOptions requested) {
        return of(dataset, config, recorded, splits, retrained, exclusionSets,
                new TrainingDynamics.Accumulator(dataset.size()).scores(), requested);
    }

    /**
     * @param recorded the main experiment's runs (exclusion "")
     * @param splits the experiment's splits, for the features' shares in training sets
     * @param retrained runs trained without an exclusion set
     * @param exclusionSets image indices of each exclusion set, by name
     * @param dynamics training-dynamics scores from the main runs' epoch records
     */
    public static AnalysisResult of(Dataset dataset, ExperimentConfig config, List<RunData> recorded, List<Split> splits,
                                    List<RunData> retrained, Map<String, ? extends Set<Integer>> exclusionSets,
                                    TrainingDynamics.Scores dynamics,
                                    AnalysisOptions requested) {
        int n = dataset.size();
        int[] targets = dataset.targets();
        List<String> models = new ArrayList<>(config.models());
        recorded.stream().map(r -> r.run().model()).distinct().filter(m -> !models.contains(m)).forEach(models::add);
        List<RunData> runs = requested.replicateAuthors() ? withTestThresholds(recorded, targets) : recorded;

        List<Map<String, Tally>> byModel = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Tally> m = new LinkedHashMap<>();
            for (String model : models) m.put(model, Tally.EMPTY);
            byModel.add(m);
        }
        for (RunData r : runs) {
            for (Prediction p : r.test()) {
                byModel.get(p.image()).merge(r.run().model(), Tally.EMPTY.add(targets[p.image()], p.predicted(), p.probability()),
                        Tally::plus);
            }
        }
        Tally[] pooled = new Tally[n];
        for (int i = 0; i < n; i++) {
            pooled[i] = byModel.get(i).values().stream().reduce(Tally.EMPTY, Tally::plus);
        }

        AnalysisOptions options = resolve(requested, pooled, byModel, models.size());
        Map<String, List<RunData>> runsByModel = new LinkedHashMap<>();
        for (String model : models) runsByModel.put(model, new ArrayList<>());
        for (RunData r : runs) runsByModel.get(r.run().model()).add(r);

        Algorithm1.Result a1 = Algorithm1.search(options, n,
                theta -> flagsAt(options, theta, pooled, byModel),
                excluded -> RunAucs.meanWithout(runs, excluded, targets)[0]);

        // The paper's order: most persistent first; ties broken by the mean probability of the given
        // label (lower = more confidently wrong), then by manifest order, so the order is total and reproducible.
        List<Integer> fOrder = new ArrayList<>();
        for (int i = 0; i < n; i++) if (pooled[i].appearances() > 0) fOrder.add(i);
        fOrder.sort(Comparator.<Integer>comparingDouble(i -> -pooled[i].frequency())
                .thenComparingDouble(i -> pooled[i].meanTrueClassProb())
                .thenComparingInt(i -> i));
        int[] fRank = ranks(fOrder, n);
        double[] probabilityPositive = new double[n];
        for (int i = 0; i < n; i++) {
            double m = pooled[i].meanTrueClassProb();
            probabilityPositive[i] = targets[i] == 1 ? m : 1 - m;
        }
        List<String> groups = java.util.Arrays.asList(dataset.patients());
        LesionOutline.Shape[] shapes = LesionOutline.read(dataset);
        LesionOutline.Result outline = shapes == null ? null
                : LesionOutline.of(shapes, targets, probabilityPositive, groups, config.seed());
        double[] suspicion = SecondOpinions.suspicion(targets, runs.stream().map(RunData::test).toList(),
                runs.stream().map(RunData::otherLabelNeighbours).toList(), groups, outline);
        List<Integer> order = requested.replicateAuthors() ? fOrder : suspicionOrder(fOrder, fRank, suspicion);
        int[] rank = ranks(order, n);

        List<ImageStats> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImageRecord r = dataset.images().get(i);
            images.add(new ImageStats(r, byModel.get(i), pooled[i],
                    Wilson.interval95(pooled[i].errors(), pooled[i].appearances()), enough(options, pooled[i], byModel.get(i)),
                    a1.flagged().contains(i), rank[i], fRank[i], suspicion[i]));
        }

        int maxExcluded = Math.max(1, (int) Math.ceil(n * options.maxFlaggedShare()));
        Map<String, List<RunData>> curveRuns = new LinkedHashMap<>(runsByModel);
        if (models.size() > 1) curveRuns.put("all", runs);
        List<ExclusionCurve.Point> curve = ExclusionCurve.compute(order, Math.min(maxExcluded, order.size()), curveRuns, targets);

        Map<String, List<RunData>> table1 = new LinkedHashMap<>();
        Map<String, Summary> auc = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : runsByModel.entrySet()) {
            List<RunData> chosen = bestRuns(e.getValue(), options.topRuns());
            table1.put(e.getKey(), chosen);
            auc.put(e.getKey(), Summary.of(chosen.stream().mapToDouble(r -> r.run().testAuc()).toArray()));
        }
        AucStatistics aucStatistics = AucStatistics.compute(runs, table1, models, targets, config.seed());
        Set<Integer> flaggable = new HashSet<>();
        for (ImageStats s : images) if (s.enoughAppearances() && s.pooled().appearances() > 0) flaggable.add(s.image().index());
        List<FeatureRarity.Row> features = FeatureRarity.compute(dataset, splits, runs, a1.flagged(), flaggable);
        List<RetrainComparison.Row> retrain = RetrainComparison.compute(recorded, retrained, exclusionSets, targets,
                config.seed());
        SecondOpinions opinions = SecondOpinions.of(targets, probabilityPositive, dynamics, outline);
        return new AnalysisResult(dataset, config, options, models, images, runs, auc, a1, curve, aucStatistics, features,
                retrain, opinions);
    }

    /** The options with every automatic value chosen from the tallies, checked against the number of models. */
    static AnalysisOptions resolve(AnalysisOptions o, Tally[] pooled, List<Map<String, Tally>> byModel, int models) {
        List<Integer> pooledCounts = new ArrayList<>();
        List<Integer> modelCounts = new ArrayList<>();
        for (int i = 0; i < pooled.length; i++) {
            if (pooled[i].appearances() > 0) pooledCounts.add(pooled[i].appearances());
            for (Tally t : byModel.get(i).values()) if (t.appearances() > 0) modelCounts.add(t.appearances());
        }
        int minPooled = o.minAppearances() == AnalysisOptions.AUTO
                ? AnalysisOptions.automaticMinimum(median(pooledCounts)) : o.minAppearances();
        int minPerModel = o.minAppearancesPerModel() == AnalysisOptions.AUTO
                ? AnalysisOptions.automaticMinimum(median(modelCounts)) : o.minAppearancesPerModel();
        int agreeing = o.minModels() == AnalysisOptions.AUTO ? models / 2 : o.minModels();
        if (o.rule() == FlagRule.PER_MODEL && agreeing >= models) {
            throw new BadInputException("--min-models " + agreeing + " with " + models + " model(s): the per-model rule "
                    + "needs more than " + agreeing + " models to agree, so it could never flag");
        }
        int top = o.topRuns() == AnalysisOptions.AUTO ? (o.replicateAuthors() ? AnalysisOptions.REPLICATION_TOP_RUNS : 0)
                : o.topRuns();
        return o.resolved(minPooled, minPerModel, agreeing, top);
    }

    /** Median of counts; NaN when there are none. */
    static double median(List<Integer> counts) {
        if (counts.isEmpty()) return Double.NaN;
        int[] c = counts.stream().mapToInt(Integer::intValue).sorted().toArray();
        int m = c.length / 2;
        return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2.0;
    }

    /** Whether an image was tested often enough for the rule to flag it at all. */
    static boolean enough(AnalysisOptions o, Tally pooled, Map<String, Tally> byModel) {
        if (o.rule() == FlagRule.POOLED) return pooled.appearances() >= o.minAppearances();
        long models = byModel.values().stream().filter(t -> t.appearances() >= o.minAppearancesPerModel()).count();
        return models > o.minModels();
    }

    /** A model's {@code top} runs with the highest test AUC (ties: lower iteration first); all runs when top is 0. */
    static List<RunData> bestRuns(List<RunData> runs, int top) {
        List<RunData> defined = runs.stream().filter(r -> !Double.isNaN(r.run().testAuc())).toList();
        if (top == 0) return defined;
        return defined.stream().sorted(Comparator.<RunData>comparingDouble(r -> -r.run().testAuc())
                .thenComparingInt(r -> r.run().iteration())).limit(top).toList();
    }

    /**
     * The runs as the authors' code scored them: each run's threshold chosen by G-mean on its own
     * test predictions, and every test prediction's predicted class and correctness recomputed.
     */
    static List<RunData> withTestThresholds(List<RunData> runs, int[] targets) {
        List<RunData> out = new ArrayList<>(runs.size());
        for (RunData r : runs) {
            double[] scores = r.test().stream().mapToDouble(Prediction::probability).toArray();
            int[] labels = r.test().stream().mapToInt(p -> targets[p.image()]).toArray();
            double threshold = Thresholds.gMean(scores, labels).threshold();
            List<Prediction> test = new ArrayList<>(r.test().size());
            for (Prediction p : r.test()) {
                int predicted = p.probability() >= threshold ? 1 : 0;
                test.add(new Prediction(p.image(), p.role(), p.probability(), predicted, predicted == targets[p.image()]));
            }
            RunRecord x = r.run();
            out.add(new RunData(new RunRecord(x.runId(), x.model(), x.iteration(), x.exclusion(), x.seed(), x.status(),
                    x.epochs(), x.bestEpoch(), x.valAuc(), x.testAuc(), threshold, x.trainSeconds()), test,
                    r.otherLabelNeighbours()));
        }
        return out;
    }

    private static Set<Integer> flagsAt(AnalysisOptions o, double theta, Tally[] pooled, List<Map<String, Tally>> byModel) {
        int min = o.rule() == FlagRule.POOLED ? o.minAppearances() : o.minAppearancesPerModel();
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < pooled.length; i++) {
            if (o.rule().flags(pooled[i], byModel.get(i), theta, min, o.minModels())) out.add(i);
        }
        return out;
    }
}
