package pma.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.Preprocessor;
import pma.split.KFoldPlanner;
import pma.split.MonteCarloPlanner;
import pma.split.SplitPlanner;

/**
 * Everything that decides an experiment's results, recorded in the ledger as JSON.
 *
 * <p>Two profiles give the defaults: {@link #quick()} for a laptop (small models, small grey
 * images, repeated K-fold) and {@link #paper()} for the published protocol (four networks,
 * 100 Monte Carlo 80/10/10 splits, 140 px RGB, SGD lr 0.005, batch 8).
 */
public record ExperimentConfig(
        String profile,
        List<String> models,
        String scheme,
        int iterations,
        int folds,
        int repeats,
        double trainShare,
        double valShare,
        double testShare,
        int imageSize,
        int channels,
        String crop,
        double cropMargin,
        int maxEpochs,
        int patience,
        int batchSize,
        String optimizer,
        double learningRate,
        double momentum,
        double weightDecay,
        boolean classWeights,
        boolean augment,
        String thresholdRule,
        long seed,
        String positiveClass,
        String lrSchedule,
        Map<String, String> weights,
        String epochRecords) implements java.io.Serializable {

    public static final Set<String> SCHEMES = Set.of("kfold", "montecarlo");
    public static final Set<String> OPTIMIZERS = Set.of("sgd", "momentum", "adam");
    public static final Set<String> THRESHOLD_RULES = Set.of("gmean", "youden", "fixed");
    public static final Set<String> SCHEDULES = Set.of("fixed", "cosine", "step");
    /** Per-epoch training records: none, from the training forward pass, or from an extra inference pass. */
    public static final Set<String> EPOCH_RECORDS = Set.of("off", "train", "eval");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ExperimentConfig {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new BadInputException("--models must name at least one model");
        // Ledgers written before these settings existed read them as absent: the old behaviour.
        if (lrSchedule == null) lrSchedule = "fixed";
        weights = weights == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(weights));
        check(SCHEDULES.contains(lrSchedule), "--lr-schedule must be fixed, cosine or step, got " + lrSchedule);
        for (String m : weights.keySet()) {
            check(models.contains(m), "--weights names model " + m + ", which is not among --models");
        }
        check(SCHEMES.contains(scheme), "--scheme must be kfold or montecarlo, got " + scheme);
        check(OPTIMIZERS.contains(optimizer), "--optimizer must be sgd, momentum or adam, got " + optimizer);
        check(THRESHOLD_RULES.contains(thresholdRule), "--threshold must be gmean, youden or fixed, got " + thresholdRule);
        check(iterations >= 1, "--iterations must be at least 1, got " + iterations);
        check(maxEpochs >= 1, "--epochs must be at least 1, got " + maxEpochs);
        check(patience >= 1, "--patience must be at least 1, got " + patience);
        check(batchSize >= 1 && batchSize <= 4096, "--batch must be between 1 and 4096, got " + batchSize);
        check(learningRate > 0 && learningRate < 10, "--lr must be above 0 and below 10, got " + learningRate);
        check(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
        check(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be in [0, 1), got " + weightDecay);
        if (epochRecords == null) epochRecords = "off"; // configurations recorded before the field existed
        check(EPOCH_RECORDS.contains(epochRecords), "--epoch-records must be off, train or eval, got " + epochRecords);
        new Preprocessor.Options(imageSize, channels, Preprocessor.Crop.of(crop), cropMargin); // validates crop, size, channels, margin
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new BadInputException(message);
    }

    public Preprocessor.Options preprocessing() {
        return new Preprocessor.Options(imageSize, channels, Preprocessor.Crop.of(crop), cropMargin);
    }

    /** Number of iterations the split plan has. */
    public int iterationCount() {
        return scheme.equals("kfold") ? folds * repeats : iterations;
    }

    public SplitPlanner planner(Dataset dataset) {
        String[] classes = {dataset.negativeClass(), dataset.positiveClass()};
        return scheme.equals("kfold")
                ? new KFoldPlanner(dataset.targets(), dataset.patients(), folds, repeats, valShare, seed, classes)
                : new MonteCarloPlanner(dataset.targets(), dataset.patients(),
                        new double[] {trainShare, valShare, testShare}, iterations, seed, classes);
    }

    public static ExperimentConfig quick() {
        return new ExperimentConfig("quick", List.of("quick_cnn", "quick_resnet"), "kfold", 100, 5, 3,
                0.8, 0.1, 0.1, 64, 1, "none", 0.2, 15, 4, 32, "adam", 1e-3, 0.9, 0, true, false, "gmean", 7, null,
                "fixed", Map.of(), "train");
    }

    public static ExperimentConfig paper() {
        return new ExperimentConfig("paper", List.of("cnn1", "cnn2", "resnet152", "densenet121"), "montecarlo", 100, 5, 1,
                0.8, 0.1, 0.1, 140, 3, "none", 0.2, 100, 10, 8, "sgd", 0.005, 0.9, 0, false, false, "gmean", 7, null,
                "fixed", Map.of(), "train");
    }

    public static ExperimentConfig profile(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "paper" -> paper();
            default -> throw new BadInputException("--profile must be quick or paper, got " + name);
        };
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExperimentConfig fromJson(String json) {
        try {
            return JSON.readValue(json, ExperimentConfig.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("ledger holds an unreadable configuration (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** A copy with some fields changed; see {@link Builder}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a configuration, for applying command-line overrides. */
    public static final class Builder {
        public String profile; public List<String> models; public String scheme; public int iterations; public int folds;
        public int repeats; public double trainShare; public double valShare; public double testShare; public int imageSize;
        public int channels; public String crop; public double cropMargin; public int maxEpochs; public int patience;
        public int batchSize; public String optimizer; public double learningRate; public double momentum;
        public double weightDecay; public boolean classWeights; public boolean augment; public String thresholdRule;
        public long seed; public String positiveClass; public String lrSchedule; public Map<String, String> weights;
        public String epochRecords;

        Builder(ExperimentConfig c) {
            profile = c.profile; models = c.models; scheme = c.scheme; iterations = c.iterations; folds = c.folds;
            repeats = c.repeats; trainShare = c.trainShare; valShare = c.valShare; testShare = c.testShare;
            imageSize = c.imageSize; channels = c.channels; crop = c.crop; cropMargin = c.cropMargin;
            maxEpochs = c.maxEpochs; patience = c.patience; batchSize = c.batchSize; optimizer = c.optimizer;
            learningRate = c.learningRate; momentum = c.momentum; weightDecay = c.weightDecay;
            classWeights = c.classWeights; augment = c.augment; thresholdRule = c.thresholdRule; seed = c.seed;
            positiveClass = c.positiveClass; lrSchedule = c.lrSchedule; weights = c.weights;
            epochRecords = c.epochRecords;
        }

        public ExperimentConfig build() {
            return new ExperimentConfig(profile, models, scheme, iterations, folds, repeats, trainShare, valShare,
                    testShare, imageSize, channels, crop, cropMargin, maxEpochs, patience, batchSize, optimizer,
                    learningRate, momentum, weightDecay, classWeights, augment, thresholdRule, seed, positiveClass,
                    lrSchedule, weights, epochRecords);
        }
    }
}
