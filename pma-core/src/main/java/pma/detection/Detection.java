package pma.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well a detector finds known bad images: precision, recall and F1 at its cut, and the average
 * precision (area under the precision–recall curve) of its ranking.
 *
 * <p>Average precision is the step sum Σ (R_k − R_{k−1}) P_k over the distinct suspicion values,
 * from most to least suspect, so tied images enter together and the value does not depend on
 * their order. Images without a score (NaN) tie below all others. Images outside {@code include}
 * take no part (for example the other kinds of planted error, when scoring one kind alone).
 */
public final class Detection {
    private Detection() {}

    /**
     * @param images images scored (those included)
     * @param positives bad images among those included
     * @param flagged images the cut flags among those included
     * @param truePositives bad images flagged
     * @param precision truePositives / flagged (NaN when nothing is flagged)
     * @param recall truePositives / positives (NaN when there are none)
     * @param f1 harmonic mean of precision and recall (0 when both are 0, NaN when either is NaN)
     * @param averagePrecision of the ranking (NaN without positives)
     */
    public record Score(int images, int positives, int flagged, int truePositives, double precision, double recall, double f1,
                        double averagePrecision) {}

    /**
     * @param suspicion higher = more likely bad; NaN = no score
     * @param flagged the detector's default cut
     * @param bad the truth
     * @param include which images are scored
     */
    public static Score score(double[] suspicion, boolean[] flagged, boolean[] bad, boolean[] include) {
        int n = bad.length;
        if (suspicion.length != n || flagged.length != n || include.length != n) {
            throw new IllegalArgumentException("arrays differ in length");
        }
        int images = 0, positives = 0, nFlagged = 0, tp = 0;
        for (int i = 0; i < n; i++) {
            if (!include[i]) continue;
            images++;
            if (bad[i]) positives++;
            if (flagged[i]) {
                nFlagged++;
                if (bad[i]) tp++;
            }
        }
        double precision = nFlagged == 0 ? Double.NaN : (double) tp / nFlagged;
        double recall = positives == 0 ? Double.NaN : (double) tp / positives;
        double f1 = Double.isNaN(precision) || Double.isNaN(recall) ? Double.NaN
                : precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Score(images, positives, nFlagged, tp, precision, recall, f1, averagePrecision(suspicion, bad, include));
    }

    /** Average precision of the ranking by {@code suspicion} (higher first), ties entering together. */
    public static double averagePrecision(double[] suspicion, boolean[] bad, boolean[] include) {
        List<Integer> order = new ArrayList<>();
        int positives = 0;
        for (int i = 0; i < bad.length; i++) {
            if (!include[i]) continue;
            order.add(i);
            if (bad[i]) positives++;
        }
        if (positives == 0) return Double.NaN;
        order.sort(Comparator.comparingDouble(i -> key(suspicion[i])));
        double ap = 0;
        int seen = 0, hits = 0;
        for (int k = 0; k < order.size(); ) {
            double v = key(suspicion[order.get(k)]);
            int groupHits = 0, end = k;
            while (end < order.size() && key(suspicion[order.get(end)]) == v) {
                if (bad[order.get(end)]) groupHits++;
                end++;
            }
            seen += end - k;
            hits += groupHits;
            ap += (double) groupHits / positives * hits / seen;
            k = end;
        }
        return ap;
    }

    /** Sort key: most suspect first, NaN last. */
    private static double key(double s) {
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : -s;
    }
}
