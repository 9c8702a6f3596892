package pma.analysis;

import java.util.List;
import java.util.Map;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;

/**
 * A finished run with its test predictions, as analysis consumes it.
 *
 * @param otherLabelNeighbours by test image, the share of its nearest training images in the run's
 *     feature space labelled otherwise ({@code pma.opinions.FeatureNeighbours}); empty when not recorded
 */
public record RunData(RunRecord run, List<Prediction> test, Map<Integer, Double> otherLabelNeighbours) {
    public RunData {
        otherLabelNeighbours = Map.copyOf(otherLabelNeighbours);
    }

    /** A run without the neighbours' labels. */
    public RunData(RunRecord run, List<Prediction> test) {
        this(run, test, Map.of());
    }
}
