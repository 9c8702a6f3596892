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
import pma.experiment.ExperimentConfig;
import pma.experiment.Prediction;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.opinions.SecondOpinions;
import pma.opinions.TrainingDynamics;
import pma.split.Role;
import pma.stats.Summary;
import pma.stats.Wilson;

/**
 * Computes misclassification frequencies, flags, Algorithm 1, the exclusion curve and the AUC
 * table from the runs recorded in a ledger.
 */
public final class Analysis {
    private Analysis() {}

    public static AnalysisResult of(Ledger ledger, AnalysisOptions options) {
        Dataset dataset = ledger.dataset();
        ExperimentConfig config = ledger.config();
        List<RunRecord> runs = ledger.runs("");
        if (runs.isEmpty()) throw new BadInputException(ledger.file() + ": no finished runs to analyse yet");
        Map<Integer, List<Prediction>> test = ledger.predictions(Role.TEST);
        List<RunData> data = runs.stream().map(r -> new RunData(r, test.getOrDefault(r.runId(), List.of()))).toList();
        TrainingDynamics.Scores dynamics = TrainingDynamics.read(ledger, dataset.size(),
                runs.stream().map(RunRecord::runId).toList());
        return of(dataset, config, data, dynamics, options);
    }

    /** As {@link #of(Dataset, ExperimentConfig, List, TrainingDynamics.Scores, AnalysisOptions)} without epoch records. */
    public static AnalysisResult of(Dataset dataset, ExperimentConfig config, List<RunData> runs, AnalysisOptions options) {
        return of(dataset, config, runs, new TrainingDynamics.Accumulator(dataset.size()).scores(), options);
    }

    public static AnalysisResult of(Dataset dataset, ExperimentConfig config, List<RunData> runs,
                                    TrainingDynamics.Scores dynamics, AnalysisOptions options) {
        int n = dataset.size();
        int[] targets = dataset.targets();
        List<String> models = new ArrayList<>(config.models());
        runs.stream().map(r -> r.run().model()).distinct().filter(m -> !models.contains(m)).forEach(models::add);

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

        Map<String, List<RunData>> runsByModel = new LinkedHashMap<>();
        for (String model : models) runsByModel.put(model, new ArrayList<>());
        for (RunData r : runs) runsByModel.get(r.run().model()).add(r);

        Algorithm1.Result a1 = Algorithm1.search(options, n,
                theta -> flagsAt(options, theta, pooled, byModel),
                excluded -> RunAucs.meanWithout(runs, excluded, targets)[0]);

        // Most persistent first; ties broken by the mean probability of the given label (lower =
        // more confidently wrong), then by manifest order, so the order is total and reproducible.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) if (pooled[i].appearances() > 0) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> -pooled[i].frequency())
                .thenComparingDouble(i -> pooled[i].meanTrueClassProb())
                .thenComparingInt(i -> i));
        int[] rank = new int[n];
        for (int k = 0; k < order.size(); k++) rank[order.get(k)] = k + 1;

        List<ImageStats> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImageRecord r = dataset.images().get(i);
            boolean enough = options.rule() == FlagRule.POOLED ? pooled[i].appearances() >= options.minAppearances()
                    : byModel.get(i).values().stream().anyMatch(t -> t.appearances() >= options.minAppearances());
            images.add(new ImageStats(r, byModel.get(i), pooled[i],
                    Wilson.interval95(pooled[i].errors(), pooled[i].appearances()), enough,
                    a1.flagged().contains(i), rank[i]));
        }

        int maxExcluded = Math.max(1, (int) Math.ceil(n * options.maxFlaggedShare()));
        Map<String, List<RunData>> curveRuns = new LinkedHashMap<>(runsByModel);
        if (models.size() > 1) curveRuns.put("all", runs);
        List<ExclusionCurve.Point> curve = ExclusionCurve.compute(order, Math.min(maxExcluded, order.size()), curveRuns, targets);

        Map<String, Summary> auc = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : runsByModel.entrySet()) {
            auc.put(e.getKey(), Summary.of(e.getValue().stream().mapToDouble(r -> r.run().testAuc())
                    .filter(x -> !Double.isNaN(x)).toArray()));
        }
        double[] probabilityPositive = new double[n];
        for (int i = 0; i < n; i++) {
            double m = pooled[i].meanTrueClassProb();
            probabilityPositive[i] = targets[i] == 1 ? m : 1 - m;
        }
        SecondOpinions opinions = SecondOpinions.of(targets, probabilityPositive, dynamics);
        return new AnalysisResult(dataset, config, options, models, images, runs, auc, a1, curve, opinions);
    }

    private static Set<Integer> flagsAt(AnalysisOptions o, double theta, Tally[] pooled, List<Map<String, Tally>> byModel) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < pooled.length; i++) {
            if (o.rule().flags(pooled[i], byModel.get(i), theta, o.minAppearances(), o.minModels())) out.add(i);
        }
        return out;
    }
}
