package pma.triage;

import java.util.ArrayList;
import java.util.List;
import pma.analysis.RunData;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;
import pma.split.Role;

/** Hand-made runs for the triage tests. */
final class Runs {
    private Runs() {}

    /**
     * A run of {@code model} with decision threshold {@code threshold} that tested the images with
     * a non-NaN entry of {@code p} (the probability of class 1).
     */
    static RunData run(int id, String model, double threshold, int[] targets, double... p) {
        List<Prediction> test = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) continue;
            int predicted = p[i] >= threshold ? 1 : 0;
            test.add(new Prediction(i, Role.TEST, p[i], predicted, predicted == targets[i]));
        }
        return new RunData(new RunRecord(id, model, id, "", 1, "done", 5, 3, 0.8, 0.8, threshold, 1), test);
    }
}
