package pma.train;

import java.util.ArrayList;
import java.util.List;
import pma.dataset.ImageTensors;
import pma.ledger.CamMap;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.experiment.TaskRunner;
import pma.explain.CamOptions;
import pma.split.Role;
import pma.split.Seeds;
import pma.split.Split;
import pma.stats.Auc;
import pma.stats.Thresholds;

/**
 * Trains one task with DJL: fit on train, early-stop on validation, choose the threshold on
 * validation, predict test.
 */
public final class TrainingTaskRunner implements TaskRunner {
    private final ExperimentConfig config;
    private final TrainingData data;
    private CamOptions cams = CamOptions.defaults();

    public TrainingTaskRunner(ExperimentConfig config, ImageTensors tensors, int[] targets) {
        this.config = config;
        this.data = new TrainingData(tensors.pixels(), targets, tensors.channels(), tensors.size());
    }

    /** Which class-activation maps each task stores for its test images (default: Grad-CAM, last layer). */
    public TrainingTaskRunner withCams(CamOptions options) {
        this.cams = options;
        return this;
    }

    /**
     * The task's seed depends on the base seed, iteration and model but not on the exclusion set, so
     * a retraining without some images starts from the same initial weights: a paired comparison.
     */
    public static long seedOf(long baseSeed, Task task) {
        return Seeds.derive(baseSeed, task.iteration(), task.model().hashCode());
    }

    @Override
    public TaskResult run(Task task, Split split) {
        long seed = seedOf(config.seed(), task);
        TrainingConfig tc = TrainingConfig.forTask(config, task.model(), seed);
        int[] train = split.indices(Role.TRAIN), val = split.indices(Role.VAL), test = split.indices(Role.TEST);
        TaskCams camHook = cams.enabled() ? new TaskCams(cams, data, test) : null;
        TrainingHooks hooks = camHook == null ? TrainingHooks.NONE : camHook;
        FeatureDistances distances = config.training().featureDistances() ? new FeatureDistances(data, train, test, hooks) : null;
        TrainingOutcome out = ModelTrainer.train(tc, data, train, val, test, distances == null ? hooks : distances,
                EpochRecording.of(config.training().epochRecords().code()));

        double[] valScores = toDouble(out.valProbabilities());
        int[] valLabels = labels(val);
        double threshold = switch (config.decision().thresholdRule()) {
            case GMEAN -> Thresholds.gMean(valScores, valLabels).threshold();
            case YOUDEN -> Thresholds.youden(valScores, valLabels).threshold();
            case FIXED -> 0.5;
        };
        double[] testScores = toDouble(out.testProbabilities());
        List<Prediction> predictions = new ArrayList<>(val.length + test.length);
        addPredictions(predictions, val, valScores, Role.VAL, threshold);
        addPredictions(predictions, test, testScores, Role.TEST, threshold);
        List<CamMap> camMaps = List.of();
        if (camHook != null) {
            int[] predicted = new int[test.length];
            for (int k = 0; k < test.length; k++) predicted[k] = testScores[k] >= threshold ? 1 : 0;
            camMaps = camHook.maps(predicted);
        }
        return new TaskResult(task, seed, out.epochsRun(), out.bestEpoch(), Auc.of(valScores, valLabels),
                Auc.of(testScores, labels(test)), threshold, out.trainSeconds(), predictions, out.epochRecords(), camMaps,
                distances == null ? List.of() : distances.distances(), camHook == null ? 0 : camHook.seconds(),
                distances == null ? 0 : distances.seconds());
    }

    private void addPredictions(List<Prediction> out, int[] idx, double[] scores, Role role, double threshold) {
        for (int k = 0; k < idx.length; k++) {
            int predicted = scores[k] >= threshold ? 1 : 0;
            out.add(new Prediction(idx[k], role, scores[k], predicted, predicted == data.labels()[idx[k]]));
        }
    }

    private int[] labels(int[] idx) {
        int[] out = new int[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = data.labels()[idx[k]];
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
