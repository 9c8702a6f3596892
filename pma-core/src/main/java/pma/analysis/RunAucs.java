package pma.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pma.ledger.Prediction;
import pma.stats.Auc;

/** Test AUC of runs, optionally with some images left out of their test sets. */
final class RunAucs {
    private RunAucs() {}

    static double auc(RunData run, Set<Integer> excluded, int[] targets) {
        return auc(run, mask(excluded, targets.length), targets);
    }

    /** {mean AUC over runs whose AUC is defined, number of such runs}. */
    static double[] meanWithout(List<RunData> runs, Set<Integer> excluded, int[] targets) {
        boolean[] left = mask(excluded, targets.length);
        double sum = 0;
        int n = 0;
        for (RunData r : runs) {
            double a = auc(r, left, targets);
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }

    /** The set as a flag per image: asked once per prediction, by the hundred thousand. */
    private static boolean[] mask(Set<Integer> excluded, int images) {
        boolean[] out = new boolean[images];
        for (int i : excluded) if (i >= 0 && i < images) out[i] = true;
        return out;
    }

    private static double auc(RunData run, boolean[] excluded, int[] targets) {
        List<Prediction> test = run.test();
        double[] scores = new double[test.size()];
        int[] labels = new int[test.size()];
        int n = 0;
        for (Prediction p : test) {
            if (excluded[p.image()]) continue;
            scores[n] = p.probability();
            labels[n] = targets[p.image()];
            n++;
        }
        return Auc.of(Arrays.copyOf(scores, n), Arrays.copyOf(labels, n));
    }
}
