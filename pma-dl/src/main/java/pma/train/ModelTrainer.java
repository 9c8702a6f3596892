package pma.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import pma.BadInputException;
import pma.ledger.EpochRecord;
import pma.engine.ChannelsLast;
import pma.engine.Engines;
import pma.models.Models;
import pma.models.Network;
import pma.seed.SplitMix64;
import pma.stats.Auc;

/**
 * Trains one network on one train/validation/test split and predicts the validation and test
 * images with the weights of the best validation epoch.
 *
 * <p>Everything native that a task allocates lives in managers under the task's {@link Model}
 * (parameters, optimizer state, one sub-manager per mini-batch) and is released when the task
 * ends, normally or by an exception. Tasks are independent: the engine is re-seeded at the start
 * of each, so the same config, data and split give identical probabilities.
 *
 * <p>Each epoch shuffles the training indices with a {@link Random} seeded from the task seed and
 * the epoch number, then walks them in mini-batches of {@code batchSize}; the last, partial batch
 * is kept (a single leftover image joins the batch before it, since batch norm cannot train on
 * one value). Loss: DJL's softmax cross-entropy over 2 logits, targets one-hot scaled by the class
 * weight (inverse class frequency, mean 1 over the training set) when {@code classWeights}.
 * P(positive) is softmax[1]. Early stopping watches validation AUC with {@code patience} epochs;
 * the best epoch's parameters (batch-norm statistics included) are kept as a heap copy and
 * restored before the final predictions.
 *
 * <p>With an {@link EpochRecording} other than {@code OFF}, every epoch leaves one {@link
 * EpochRecord} per training image: the probability of its given label and the margin (logit of
 * the given label minus the other logit), for every epoch trained, including those after the best.
 *
 * <p>Tasks run one at a time per process: {@link #train} holds a process-wide lock, because the
 * engine's random generator is global and DJL's PyTorch gradient collector allows only one
 * collector at a time (a second one throws). Callers that submit tasks from several threads get
 * them queued; to use more cores for one task, raise {@link Engines#setIntraOpThreads}.
 */
public final class ModelTrainer {

    /** Serialises tasks: the engine's random generator and DJL's gradient collector are global. */
    private static final Object TASK_LOCK = new Object();

    private ModelTrainer() {}

    /**
     * Trains {@code cfg.model()} on {@code trainIdx}, early-stopping on validation AUC.
     *
     * @param cfg the training configuration
     * @param data all images; the three index arrays select from it
     * @param trainIdx images to train on (not empty)
     * @param valIdx images to early-stop on; with one class only, AUC is NaN and all {@code
     *     maxEpochs} epochs run, keeping the last weights
     * @param testIdx images to predict (may be empty)
     * @return the outcome; probabilities are P(positive) from the restored best weights
     * @throws BadInputException when an image holds a non-finite pixel or training diverges
     * @throws IllegalArgumentException when data and config disagree or an index is out of range
     */
    public static TrainingOutcome train(
            TrainingConfig cfg, TrainingData data, int[] trainIdx, int[] valIdx, int[] testIdx) {
        return train(cfg, data, trainIdx, valIdx, testIdx, TrainingHooks.NONE);
    }

    /** As {@link #train(TrainingConfig, TrainingData, int[], int[], int[])}, with hooks into the live model. */
    public static TrainingOutcome train(TrainingConfig cfg, TrainingData data, int[] trainIdx, int[] valIdx,
                                        int[] testIdx, TrainingHooks hooks) {
        return train(cfg, data, trainIdx, valIdx, testIdx, hooks, EpochRecording.OFF);
    }

    /** As {@link #train(TrainingConfig, TrainingData, int[], int[], int[], TrainingHooks)}, recording epochs. */
    public static TrainingOutcome train(TrainingConfig cfg, TrainingData data, int[] trainIdx, int[] valIdx,
                                        int[] testIdx, TrainingHooks hooks, EpochRecording epochRecording) {
        checkInputs(cfg, data, trainIdx, valIdx, testIdx);
        Engines.init();
        synchronized (TASK_LOCK) {
            boolean recording = Engines.stopGradientRecording();
            try {
                return trainLocked(cfg, data, trainIdx, valIdx, testIdx, hooks, epochRecording);
            } finally {
                Engines.restoreGradientRecording(recording);
            }
        }
    }

    private static TrainingOutcome trainLocked(TrainingConfig cfg, TrainingData data, int[] trainIdx, int[] valIdx,
                                               int[] testIdx, TrainingHooks hooks, EpochRecording epochRecording) {
        long start = System.nanoTime();
        Device device = Engines.device();
        Engines.seed(cfg.seed());

        Network network = Models.build(cfg.model(), cfg.channels(), cfg.imageSize());
        float[] classWeight = classWeights(cfg, data, trainIdx);
        int[] valLabels = labelsOf(data, valIdx);

        try (Model model = Model.newInstance(cfg.model(), device, Engines.ENGINE)) {
            model.setBlock(network.block());
            NDManager optimizerState = model.getNDManager().newSubManager();
            Optimizer optimizer = Optimizers.create(cfg, optimizerState,
                    (trainIdx.length + cfg.batchSize() - 1) / cfg.batchSize());
            DefaultTrainingConfig djlConfig =
                    new DefaultTrainingConfig(
                                    new SoftmaxCrossEntropyLoss("xent", 1f, 1, false, true))
                            .optOptimizer(optimizer)
                            .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(djlConfig)) {
                // On the CPU kernels are stored channels-last, where oneDNN runs faster (ChannelsLast).
                ChannelsLast.apply(model.getBlock(), device);
                trainer.initialize(new Shape(1, cfg.channels(), cfg.imageSize(), cfg.imageSize()));
                if (cfg.weights() != null) {
                    Models.loadWeights(model.getBlock(), cfg.model(), cfg.channels(),
                            cfg.imageSize(), cfg.weights());
                }
                List<Parameter> params = parameters(model);
                List<Parameter> trainable = Optimizers.trainable(params);

                double[] aucs = new double[cfg.maxEpochs()];
                double bestAuc = Double.NaN;
                int bestEpoch = 0;
                float[][] bestWeights = null;
                float[] bestValProb = new float[0];
                int epoch = 0;
                int sinceBest = 0;
                List<EpochRecord> records = new ArrayList<>(
                        epochRecording == EpochRecording.OFF ? 0 : trainIdx.length * cfg.maxEpochs());
                while (epoch < cfg.maxEpochs()) {
                    epoch++;
                    trainEpoch(cfg, data, trainIdx, classWeight, trainer, optimizer, trainable, epoch,
                            epochRecording == EpochRecording.TRAIN ? records : null);
                    if (epochRecording == EpochRecording.EVAL) {
                        recordInference(cfg, data, trainIdx, trainer, epoch, records);
                    }
                    float[] valProb = predict(cfg, data, valIdx, trainer, epoch);
                    double auc = Auc.of(toDouble(valProb), valLabels);
                    aucs[epoch - 1] = auc;
                    boolean improved =
                            !Double.isNaN(auc) && (Double.isNaN(bestAuc) || auc > bestAuc);
                    if (improved || Double.isNaN(bestAuc)) {
                        // No finite AUC yet: follow the latest weights (NaN-only runs keep last).
                        bestWeights = snapshot(params);
                        bestValProb = valProb;
                        bestEpoch = epoch;
                        bestAuc = auc;
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                        if (sinceBest >= cfg.patience()) {
                            break;
                        }
                    }
                }
                if (bestEpoch != epoch) {
                    restore(params, bestWeights);
                }
                // Inference is deterministic, so the best epoch's validation pass is reused.
                float[] testProb = predict(cfg, data, testIdx, trainer, bestEpoch);
                hooks.afterTraining(network, model, device);
                double[] perEpoch = Arrays.copyOf(aucs, epoch);
                double seconds = (System.nanoTime() - start) / 1e9;
                return new TrainingOutcome(
                        epoch, bestEpoch, bestAuc, bestValProb, testProb, seconds, perEpoch, records);
            } finally {
                optimizerState.close();
            }
        }
    }

    // ------------------------------------------------------------------ one epoch

    private static void trainEpoch(
            TrainingConfig cfg,
            TrainingData data,
            int[] trainIdx,
            float[] classWeight,
            Trainer trainer,
            Optimizer optimizer,
            List<Parameter> trainable,
            int epoch,
            List<EpochRecord> records) {
        Random rng = new Random(mix(cfg.seed(), epoch));
        int[] order = trainIdx.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int per = cfg.channels() * cfg.imageSize() * cfg.imageSize();
        for (int from = 0, n; from < order.length; from += n) {
            n = Math.min(cfg.batchSize(), order.length - from);
            if (order.length - from - n == 1) {
                n++; // a lone last image joins this batch: batch norm cannot train on one value
            }
            float[] x = new float[n * per];
            float[] y = new float[n * 2];
            for (int b = 0; b < n; b++) {
                int img = order[from + b];
                if (cfg.augment()) {
                    Augment.apply(
                            data.pixels()[img], x, b * per, cfg.channels(), cfg.imageSize(), rng);
                } else {
                    System.arraycopy(data.pixels()[img], 0, x, b * per, per);
                }
                int label = data.labels()[img];
                // Weighted one-hot target: DJL's softmax cross-entropy then yields w_c * -log p_c.
                y[b * 2 + label] = classWeight[label];
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray input = batch.create(x, batchShape(cfg, n));
                NDArray target = batch.create(y, new Shape(n, 2));
                float lossValue;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList logits = trainer.forward(new NDList(input));
                    if (records != null) {
                        record(data, order, from, logits.singletonOrThrow().toFloatArray(), epoch, records);
                    }
                    NDArray loss =
                            trainer.getLoss().evaluate(new NDList(target), logits);
                    lossValue = loss.getFloat();
                    if (!Float.isFinite(lossValue)) {
                        throw diverged(
                                cfg, epoch, Float.isNaN(lossValue) ? "NaN loss" : "infinite loss");
                    }
                    Optimizers.backward(collector, optimizer, loss);
                }
                Optimizers.step(optimizer, trainable);
            }
        }
    }

    /** P(positive) for {@code idx} in inference mode (dropout off, batch-norm running stats). */
    private static float[] predict(
            TrainingConfig cfg, TrainingData data, int[] idx, Trainer trainer, int epoch) {
        float[] out = new float[idx.length];
        inferBatches(cfg, data, idx, trainer, (from, n, logits) -> {
            float[] p = logits.softmax(1).toFloatArray();
            for (int b = 0; b < n; b++) {
                float v = p[b * 2 + 1];
                if (!Float.isFinite(v)) {
                    throw diverged(cfg, epoch, "NaN output");
                }
                out[from + b] = v;
            }
        });
        return out;
    }

    /** Records the training images {@code idx} after {@code epoch}, from an inference-mode pass. */
    private static void recordInference(TrainingConfig cfg, TrainingData data, int[] idx, Trainer trainer, int epoch,
                                        List<EpochRecord> records) {
        inferBatches(cfg, data, idx, trainer,
                (from, n, logits) -> record(data, idx, from, logits.toFloatArray(), epoch, records));
    }

    /** The logits of images {@code idx[from .. from + n)}, alive only while the call lasts. */
    private interface BatchLogits {
        void accept(int from, int n, NDArray logits);
    }

    /** Runs {@code idx} through the model in inference mode, in batches of at least 64. */
    private static void inferBatches(TrainingConfig cfg, TrainingData data, int[] idx, Trainer trainer, BatchLogits each) {
        int per = cfg.channels() * cfg.imageSize() * cfg.imageSize();
        int step = Math.max(cfg.batchSize(), 64);
        for (int from = 0; from < idx.length; from += step) {
            int n = Math.min(step, idx.length - from);
            float[] x = new float[n * per];
            for (int b = 0; b < n; b++) {
                System.arraycopy(data.pixels()[idx[from + b]], 0, x, b * per, per);
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray input = batch.create(x, batchShape(cfg, n));
                each.accept(from, n, trainer.evaluate(new NDList(input)).singletonOrThrow());
            }
        }
    }

    /**
     * One record per image of a batch: images {@code order[from..]}, logits row-major (batch, 2).
     * With two classes the softmax probability of the given label is the logistic of the margin.
     */
    private static void record(TrainingData data, int[] order, int from, float[] logits, int epoch,
                               List<EpochRecord> records) {
        for (int b = 0; b < logits.length / 2; b++) {
            int img = order[from + b];
            int label = data.labels()[img];
            double margin = (double) logits[b * 2 + label] - logits[b * 2 + 1 - label];
            float probability = (float) (1 / (1 + Math.exp(-margin)));
            records.add(new EpochRecord(epoch, img, probability, (float) margin));
        }
    }

    private static Shape batchShape(TrainingConfig cfg, int n) {
        return new Shape(n, cfg.channels(), cfg.imageSize(), cfg.imageSize());
    }

    private static BadInputException diverged(TrainingConfig cfg, int epoch, String what) {
        return new BadInputException(
                "model " + cfg.model() + " diverged (" + what + ") at epoch " + epoch
                        + "; lower the learning rate");
    }

    // ------------------------------------------------------------------ best-weights snapshot

    private static List<Parameter> parameters(Model model) {
        List<Parameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            list.add(p.getValue());
        }
        return list;
    }

    /** Copies every parameter (batch-norm statistics included) to the Java heap. */
    private static float[][] snapshot(List<Parameter> params) {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = params.get(i).getArray().toFloatArray();
        }
        return copy;
    }

    private static void restore(List<Parameter> params, float[][] weights) {
        for (int i = 0; i < weights.length; i++) {
            ChannelsLast.assign(params.get(i).getArray(), weights[i]);
        }
    }

    // ------------------------------------------------------------------ inputs

    private static void checkInputs(
            TrainingConfig cfg, TrainingData data, int[] trainIdx, int[] valIdx, int[] testIdx) {
        if (data.channels() != cfg.channels() || data.size() != cfg.imageSize()) {
            throw new IllegalArgumentException(
                    "training data are " + data.channels() + "x" + data.size() + "x" + data.size()
                            + " but the config asks for " + cfg.channels() + "x"
                            + cfg.imageSize() + "x" + cfg.imageSize());
        }
        if (trainIdx.length == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        checkIndices("train", trainIdx, data);
        checkIndices("validation", valIdx, data);
        checkIndices("test", testIdx, data);
    }

    private static void checkIndices(String set, int[] idx, TrainingData data) {
        for (int i : idx) {
            if (i < 0 || i >= data.count()) {
                throw new IllegalArgumentException(
                        set + " index " + i + " is outside 0.." + (data.count() - 1));
            }
            float[] px = data.pixels()[i];
            for (float v : px) {
                if (!Float.isFinite(v)) {
                    throw new BadInputException(
                            "image " + i + " has a non-finite pixel value (" + v + ")");
                }
            }
        }
    }

    private static float[] classWeights(TrainingConfig cfg, TrainingData data, int[] trainIdx) {
        float[] w = {1f, 1f};
        if (!cfg.classWeights()) {
            return w;
        }
        int[] counts = new int[2];
        for (int i : trainIdx) {
            counts[data.labels()[i]]++;
        }
        for (int c = 0; c < 2; c++) {
            if (counts[c] > 0) {
                w[c] = (float) trainIdx.length / (2f * counts[c]);
            }
        }
        return w;
    }

    private static int[] labelsOf(TrainingData data, int[] idx) {
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            labels[i] = data.labels()[idx[i]];
        }
        return labels;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** A well-mixed per-epoch seed: the (epoch + 1)-th value of SplitMix64 seeded with the task's seed. */
    static long mix(long seed, int epoch) {
        return SplitMix64.output(seed, epoch + 1L);
    }
}
