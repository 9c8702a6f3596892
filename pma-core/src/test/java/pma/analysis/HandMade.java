package pma.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;
import pma.split.Role;

/** Builders for hand-made datasets and runs whose every number can be worked out on paper. */
final class HandMade {
    private HandMade() {}

    /** Images img0.. with the given targets, no features, each its own patient. */
    static Dataset dataset(int... targets) {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            images.add(new ImageRecord(i, "img" + i, targets[i] == 1 ? "malignant" : "benign", targets[i], "p" + i, "", "",
                    Map.of()));
        }
        return new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
    }

    /** A run testing {@code images} with {@code scores}, predicted at {@code threshold}. */
    static RunData run(int runId, String model, int iteration, String exclusion, double testAuc, double threshold,
                       int[] targets, int[] images, double[] scores) {
        List<Prediction> test = new ArrayList<>();
        for (int k = 0; k < images.length; k++) {
            int predicted = scores[k] >= threshold ? 1 : 0;
            test.add(new Prediction(images[k], Role.TEST, scores[k], predicted, predicted == targets[images[k]]));
        }
        return new RunData(new RunRecord(runId, model, iteration, exclusion, 1, "done", 5, 3, 0.8, testAuc, threshold, 1),
                test);
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    static ExperimentConfig config(String... models) {
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of(models));
        return b.build();
    }
}
