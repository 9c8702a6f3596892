package pma.config;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.Preprocessor;
import pma.split.KFoldPlanner;
import pma.split.MonteCarloPlanner;
import pma.split.SplitPlanner;

/**
 * Everything that decides an experiment's results, recorded in the ledger as JSON
 * ({@link ConfigJson}).
 *
 * <pre>
 * ExperimentConfig
 * ├── profile, models, seed      the name it started from, the networks, the base of every seed
 * ├── splits                     scheme, iterations | folds x repeats, shares
 * ├── preprocessing              image size, channels, crop, crop margin ({@link Preprocessor.Options})
 * ├── training                   epochs, patience, batch, optimizer, rates, class weights, augmentation,
 * │                              schedule, starting weights, per-epoch records, precision
 * └── decision                   threshold rule, positive class
 * </pre>
 *
 * <p>Two profiles give the defaults: {@link #quick()} for a laptop (small models, small grey
 * images, repeated K-fold) and {@link #paper()} for the published protocol (four networks,
 * 100 Monte Carlo 80/10/10 splits, 140 px RGB, SGD lr 0.005, batch 8). A configuration is
 * changed through {@link #toBuilder()}.
 *
 * @param profile the profile it started from (a label: every setting is recorded on its own)
 * @param models the networks, each once
 * @param seed the base seed: split plans and task seeds derive from it
 */
public record ExperimentConfig(
        String profile,
        List<String> models,
        long seed,
        Splits splits,
        Preprocessor.Options preprocessing,
        Training training,
        Decision decision) implements Serializable {

    public ExperimentConfig {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new BadInputException("--models must name at least one model");
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(decision, "decision");
        for (String m : training.weights().keySet()) {
            check(models.contains(m), "--weights names model " + m + ", which is not among --models");
        }
    }

    /** How the images are split into train, validation and test sets, iteration by iteration. */
    public enum Scheme implements Choice {
        /** Repeated stratified K-fold: every image is tested once per repeat. */
        KFOLD,
        /** Independent random train/validation/test splits. */
        MONTECARLO;

        public static Scheme of(String code) {
            return Choice.parse(Scheme.class, "--scheme", code);
        }
    }

    /** The optimizer: plain SGD, SGD with momentum, or Adam. */
    public enum Optimizer implements Choice {
        SGD, MOMENTUM, ADAM;

        public static Optimizer of(String code) {
            return Choice.parse(Optimizer.class, "--optimizer", code);
        }
    }

    /** The learning rate over the epochs: fixed, cosine to 1%, or x0.1 at 1/2 and 3/4 of the epochs. */
    public enum LrSchedule implements Choice {
        FIXED, COSINE, STEP;

        public static LrSchedule of(String code) {
            return Choice.parse(LrSchedule.class, "--lr-schedule", code);
        }
    }

    /** Where the decision threshold is set on the validation scores: G-mean, Youden's J, or fixed at 0.5. */
    public enum ThresholdRule implements Choice {
        GMEAN, YOUDEN, FIXED;

        public static ThresholdRule of(String code) {
            return Choice.parse(ThresholdRule.class, "--threshold", code);
        }
    }

    /** Per-epoch training records: none, from the training forward pass, or from an extra inference pass. */
    public enum EpochRecords implements Choice {
        OFF, TRAIN, EVAL;

        public static EpochRecords of(String code) {
            return Choice.parse(EpochRecords.class, "--epoch-records", code);
        }
    }

    /**
     * The arithmetic of the CPU's convolutions: fp32, or bf16 (oneDNN's bf16 math mode: a
     * convolution's inputs are rounded to bfloat16 and its sums kept in fp32, on CPUs with AVX-512
     * BF16 or AMX; weights, activations between layers, loss and updates stay fp32).
     */
    public enum Precision implements Choice {
        FP32, BF16;

        public static Precision of(String code) {
            return Choice.parse(Precision.class, "--precision", code);
        }
    }

    /** A choice spelled in lower case on the command line and in the ledger. */
    public interface Choice {
        String name();

        /** The spelling on the command line and in the ledger. */
        default String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The constant spelled {@code code}, else a one-line error naming {@code option} and every choice. */
        static <E extends Enum<E> & Choice> E parse(Class<E> type, String option, String code) {
            E[] all = type.getEnumConstants();
            for (E e : all) if (e.code().equals(code)) return e;
            List<String> codes = Arrays.stream(all).map(Choice::code).toList();
            String choices = String.join(", ", codes.subList(0, codes.size() - 1)) + " or " + codes.get(codes.size() - 1);
            throw new BadInputException(option + " must be " + choices + ", got " + code);
        }
    }

    /**
     * The split plan.
     *
     * @param iterations Monte Carlo splits ({@link Scheme#MONTECARLO} only)
     * @param folds K of repeated K-fold ({@link Scheme#KFOLD} only)
     * @param repeats repeats of K-fold ({@link Scheme#KFOLD} only)
     * @param trainShare Monte Carlo training share
     * @param valShare validation share: of the images (Monte Carlo) or carved from the training folds (K-fold)
     * @param testShare Monte Carlo test share
     */
    public record Splits(Scheme scheme, int iterations, int folds, int repeats,
            double trainShare, double valShare, double testShare) implements Serializable {
        public Splits {
            Objects.requireNonNull(scheme, "scheme");
            check(iterations >= 1, "--iterations must be at least 1, got " + iterations);
        }

        /** Number of iterations the split plan has. */
        public int count() {
            return scheme == Scheme.KFOLD ? folds * repeats : iterations;
        }
    }

    /**
     * How each task trains.
     *
     * @param maxEpochs the most epochs to train
     * @param patience stop after this many epochs without a better validation AUC
     * @param batchSize images per mini-batch
     * @param momentum used by {@link Optimizer#MOMENTUM} only
     * @param classWeights weight the loss by inverse class frequency of the training set
     * @param augment flips, small rotations, brightness/contrast jitter and speckle on training images
     * @param weights per model, a DJL parameter file to start from instead of random weights
     * @param epochRecords which per-epoch probabilities of training images are recorded
     * @param featureDistances after training, each test image's distance to the training images in the
     *     network's feature space (the triage's "atypical" evidence): one inference pass over the
     *     training images per task, which changes no prediction
     * @param precision the convolutions' arithmetic on a CPU
     */
    public record Training(int maxEpochs, int patience, int batchSize, Optimizer optimizer, double learningRate,
            double momentum, double weightDecay, boolean classWeights, boolean augment, LrSchedule lrSchedule,
            Map<String, String> weights, EpochRecords epochRecords, boolean featureDistances, Precision precision)
            implements Serializable {
        public Training {
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(precision, "precision");
            Objects.requireNonNull(lrSchedule, "lrSchedule");
            Objects.requireNonNull(epochRecords, "epochRecords");
            weights = weights == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(weights));
            check(maxEpochs >= 1, "--epochs must be at least 1, got " + maxEpochs);
            check(patience >= 1, "--patience must be at least 1, got " + patience);
            check(batchSize >= 1 && batchSize <= 4096, "--batch must be between 1 and 4096, got " + batchSize);
            check(learningRate > 0 && learningRate < 10, "--lr must be above 0 and below 10, got " + learningRate);
            check(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
            check(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be in [0, 1), got " + weightDecay);
        }
    }

    /**
     * How a task turns probabilities into decisions.
     *
     * @param positiveClass the label of the positive class, or null for the dataset's choice
     *     (malignant, else the second label)
     */
    public record Decision(ThresholdRule thresholdRule, String positiveClass) implements Serializable {
        public Decision {
            Objects.requireNonNull(thresholdRule, "thresholdRule");
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new BadInputException(message);
    }

    /** Number of iterations the split plan has. */
    public int iterationCount() {
        return splits.count();
    }

    public SplitPlanner planner(Dataset dataset) {
        String[] classes = {dataset.negativeClass(), dataset.positiveClass()};
        Splits s = splits;
        return s.scheme() == Scheme.KFOLD
                ? new KFoldPlanner(dataset.targets(), dataset.patients(), s.folds(), s.repeats(), s.valShare(), seed, classes)
                : new MonteCarloPlanner(dataset.targets(), dataset.patients(),
                        new double[] {s.trainShare(), s.valShare(), s.testShare()}, s.iterations(), seed, classes);
    }

    /** The laptop profile: two small networks, 64 px grey, 3 x 5-fold, Adam lr 0.001, batch 32. */
    public static ExperimentConfig quick() {
        return new ExperimentConfig("quick", List.of("quick_cnn", "quick_resnet"), 7,
                new Splits(Scheme.KFOLD, 100, 5, 3, 0.8, 0.1, 0.1),
                new Preprocessor.Options(64, 1, Preprocessor.Crop.NONE, 0.2),
                new Training(15, 4, 32, Optimizer.ADAM, 1e-3, 0.9, 0, true, false, LrSchedule.FIXED, Map.of(),
                        EpochRecords.TRAIN, true, Precision.FP32),
                new Decision(ThresholdRule.GMEAN, null));
    }

    /** The published protocol: four networks, 100 Monte Carlo 80/10/10 splits, 140 px RGB, SGD lr 0.005, batch 8. */
    public static ExperimentConfig paper() {
        return new ExperimentConfig("paper", List.of("cnn1", "cnn2", "resnet152", "densenet121"), 7,
                new Splits(Scheme.MONTECARLO, 100, 5, 1, 0.8, 0.1, 0.1),
                new Preprocessor.Options(140, 3, Preprocessor.Crop.NONE, 0.2),
                new Training(100, 10, 8, Optimizer.SGD, 0.005, 0.9, 0, false, false, LrSchedule.FIXED, Map.of(),
                        EpochRecords.TRAIN, true, Precision.FP32),
                new Decision(ThresholdRule.GMEAN, null));
    }

    public static ExperimentConfig profile(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "paper" -> paper();
            default -> throw new BadInputException("--profile must be quick or paper, got " + name);
        };
    }

    /** The ledger's JSON form (nested, {@code "configVersion": 2}). */
    public String toJson() {
        return ConfigJson.write(this);
    }

    /** A configuration from its ledger JSON: the nested form, or the flat one of ledgers written before it. */
    public static ExperimentConfig fromJson(String json) {
        return ConfigJson.read(json);
    }

    /**
     * A builder starting from the quick profile's settings without its models: {@link Builder#setModels}
     * is required. Start from a profile with {@code quick().toBuilder()} or {@code paper().toBuilder()}.
     */
    public static Builder builder() {
        return quick().toBuilder().optProfile("custom").setModels(List.of());
    }

    /** A builder holding this configuration's settings, for changing some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a configuration setting by setting; {@link #build()} checks them all. Set methods name
     * what a configuration cannot do without, opt methods what has a default.
     */
    public static final class Builder {
        private String profile;
        private List<String> models;
        private long seed;
        private Scheme scheme;
        private int iterations;
        private int folds;
        private int repeats;
        private double trainShare;
        private double valShare;
        private double testShare;
        private int imageSize;
        private int channels;
        private Preprocessor.Crop crop;
        private double cropMargin;
        private int maxEpochs;
        private int patience;
        private int batchSize;
        private Optimizer optimizer;
        private double learningRate;
        private double momentum;
        private double weightDecay;
        private boolean classWeights;
        private boolean augment;
        private LrSchedule lrSchedule;
        private Map<String, String> weights;
        private EpochRecords epochRecords;
        private boolean featureDistances;
        private Precision precision;
        private ThresholdRule thresholdRule;
        private String positiveClass;

        Builder(ExperimentConfig c) {
            profile = c.profile;
            models = c.models;
            seed = c.seed;
            Splits s = c.splits;
            scheme = s.scheme();
            iterations = s.iterations();
            folds = s.folds();
            repeats = s.repeats();
            trainShare = s.trainShare();
            valShare = s.valShare();
            testShare = s.testShare();
            Preprocessor.Options p = c.preprocessing;
            imageSize = p.size();
            channels = p.channels();
            crop = p.crop();
            cropMargin = p.margin();
            Training t = c.training;
            maxEpochs = t.maxEpochs();
            patience = t.patience();
            batchSize = t.batchSize();
            optimizer = t.optimizer();
            learningRate = t.learningRate();
            momentum = t.momentum();
            weightDecay = t.weightDecay();
            classWeights = t.classWeights();
            augment = t.augment();
            lrSchedule = t.lrSchedule();
            weights = t.weights();
            epochRecords = t.epochRecords();
            featureDistances = t.featureDistances();
            precision = t.precision();
            thresholdRule = c.decision.thresholdRule();
            positiveClass = c.decision.positiveClass();
        }

        public Builder setModels(List<String> models) {
            this.models = models;
            return this;
        }

        public Builder setModels(String... models) {
            return setModels(List.of(models));
        }

        public Builder optProfile(String profile) {
            this.profile = profile;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optScheme(Scheme scheme) {
            this.scheme = scheme;
            return this;
        }

        public Builder optIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        public Builder optRepeats(int repeats) {
            this.repeats = repeats;
            return this;
        }

        /** Monte Carlo train, validation and test shares. */
        public Builder optShares(double train, double val, double test) {
            this.trainShare = train;
            this.valShare = val;
            this.testShare = test;
            return this;
        }

        /** The validation share alone (K-fold carves it from the training folds). */
        public Builder optValShare(double valShare) {
            this.valShare = valShare;
            return this;
        }

        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder optCrop(Preprocessor.Crop crop) {
            this.crop = crop;
            return this;
        }

        public Builder optCropMargin(double cropMargin) {
            this.cropMargin = cropMargin;
            return this;
        }

        public Builder optMaxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optClassWeights(boolean classWeights) {
            this.classWeights = classWeights;
            return this;
        }

        public Builder optAugment(boolean augment) {
            this.augment = augment;
            return this;
        }

        public Builder optLrSchedule(LrSchedule lrSchedule) {
            this.lrSchedule = lrSchedule;
            return this;
        }

        /** Per model, the DJL parameter file it starts from. */
        public Builder optWeights(Map<String, String> weights) {
            this.weights = weights;
            return this;
        }

        public Builder optEpochRecords(EpochRecords epochRecords) {
            this.epochRecords = epochRecords;
            return this;
        }

        /** Whether each task computes its test images' feature distances (the triage's "atypical" evidence). */
        public Builder optFeatureDistances(boolean featureDistances) {
            this.featureDistances = featureDistances;
            return this;
        }

        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public Builder optThresholdRule(ThresholdRule thresholdRule) {
            this.thresholdRule = thresholdRule;
            return this;
        }

        /** The positive class's label; null leaves the choice to the dataset. */
        public Builder optPositiveClass(String positiveClass) {
            this.positiveClass = positiveClass;
            return this;
        }

        /** The models set so far. */
        public List<String> models() {
            return models;
        }

        /** The scheme set so far. */
        public Scheme scheme() {
            return scheme;
        }

        /** The configuration, every setting checked; a bad one is a {@link BadInputException} naming its option. */
        public ExperimentConfig build() {
            return new ExperimentConfig(profile, models == null ? List.of() : models, seed,
                    new Splits(scheme, iterations, folds, repeats, trainShare, valShare, testShare),
                    new Preprocessor.Options(imageSize, channels, crop, cropMargin),
                    new Training(maxEpochs, patience, batchSize, optimizer, learningRate, momentum, weightDecay,
                            classWeights, augment, lrSchedule, weights, epochRecords, featureDistances, precision),
                    new Decision(thresholdRule, positiveClass));
        }
    }
}
