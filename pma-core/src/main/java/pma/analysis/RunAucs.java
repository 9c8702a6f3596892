package pma.analysis;

import java.util.List;
import java.util.Set;
import pma.experiment.Prediction;
import pma.stats.Auc;

/** Test AUC of runs, optionally with some images left out of their test sets. */
final class RunAucs {
    private RunAucs() {}

    static double auc(RunData run, Set<Integer> excluded, int[] targets) {
        List<Prediction> kept = run.test().stream().filter(p -> !excluded.contains(p.image())).toList();
        double[] scores = new double[kept.size()];
        int[] labels = new int[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            scores[i] = kept.get(i).probability();
            labels[i] = targets[kept.get(i).image()];
        }
        return Auc.of(scores, labels);
    }

    /** {mean AUC over runs whose AUC is defined, number of such runs}. */
    static double[] meanWithout(List<RunData> runs, Set<Integer> excluded, int[] targets) {
        double sum = 0;
        int n = 0;
        for (RunData r : runs) {
            double a = auc(r, excluded, targets);
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }
}
