package pma.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.config.ExperimentConfig;
import pma.dataset.Preprocessor;

/** Options shared by {@code run} and {@code demo}: a profile, then any field overridden. Unset = profile value. */
final class ExperimentOptions {
    @Option(names = "--profile", defaultValue = "quick", description = "quick (laptop) or paper (published protocol); default ${DEFAULT-VALUE}")
    String profile;

    @Option(names = "--models", split = ",", description = "comma-separated model names, each once (see the README)")
    List<String> models;

    @Option(names = "--scheme", description = "kfold or montecarlo")
    String scheme;

    @Option(names = "--iterations", description = "Monte Carlo iterations (--scheme montecarlo only)")
    Integer iterations;

    @Option(names = "--folds", description = "K of repeated K-fold (--scheme kfold only)")
    Integer folds;

    @Option(names = "--repeats", description = "repeats of K-fold (--scheme kfold only)")
    Integer repeats;

    @Option(names = "--shares", split = ",", description = "train,validation,test shares, e.g. 0.8,0.1,0.1 (--scheme montecarlo only)")
    List<Double> shares;

    @Option(names = "--val-share", description = "validation share carved from the training folds (--scheme kfold only)")
    Double valShare;

    @Option(names = "--size", description = "image side in pixels after resizing")
    Integer size;

    @Option(names = "--channels", description = "1 (grey) or 3 (RGB)")
    Integer channels;

    @Option(names = "--crop", description = "none, mask (the lesion mask's box plus a margin, the paper's crop; whole image where no mask)"
            + " or fov (the non-black field of view)")
    String crop;

    @Option(names = "--crop-margin", description = "margin around the mask box for --crop mask, as a share of its side (0.2 = 20%%)")
    Double cropMargin;

    @Option(names = "--epochs", description = "maximum epochs")
    Integer epochs;

    @Option(names = "--patience", description = "early-stopping patience in epochs")
    Integer patience;

    @Option(names = "--batch", description = "batch size")
    Integer batch;

    @Option(names = "--optimizer", description = "sgd, momentum or adam")
    String optimizer;

    @Option(names = "--lr", description = "learning rate")
    Double lr;

    @Option(names = "--momentum", description = "momentum of --optimizer momentum")
    Double momentum;

    @Option(names = "--weight-decay", description = "L2 weight decay")
    Double weightDecay;

    @Option(names = "--lr-schedule", description = "fixed, cosine (to 1%% over --epochs) or step (x0.1 at 1/2 and 3/4 of --epochs)")
    String lrSchedule;

    @Option(names = "--class-weights", negatable = true, description = "weight the loss by inverse class frequency (--no-class-weights: off)")
    Boolean classWeights;

    @Option(names = "--augment", negatable = true,
            description = "augment training images: flips, small rotations, brightness/contrast, speckle (--no-augment: off)")
    Boolean augment;

    @Option(names = "--weights", split = ",", paramLabel = "[MODEL=]FILE",
            description = "start MODEL from a DJL parameter file NAME-NNNN.params instead of random weights; plain FILE when one model runs")
    List<String> weights;

    @Option(names = "--threshold", description = "decision threshold rule on validation: gmean, youden or fixed (0.5)")
    String threshold;

    @Option(names = "--seed", description = "base seed")
    Long seed;

    @Option(names = "--positive", description = "label of the positive class (default: malignant, else the second label)")
    String positive;

    @Option(names = "--epoch-records", description = "per-epoch probabilities of training images for training dynamics: "
            + "train (from the training pass, free; default), eval (an extra inference pass per epoch) or off")
    String epochRecords;

    @Option(names = "--feature-distances", negatable = true,
            description = "after each task, its test images' distances to the training images in the network's feature space "
                    + "and their nearest neighbours' labels: the triage's atypical reason and half of the default ranking; one "
                    + "inference pass over the training images (default on; --no-feature-distances: off)")
    Boolean featureDistances;

    @Option(names = "--precision", description = "the convolutions' arithmetic on a CPU: fp32 (default) or bf16 "
            + "(inputs rounded to bfloat16, sums in fp32; CPUs with AVX-512 BF16 or AMX; see docs/speed.md)")
    String precision;

    ExperimentConfig build() {
        ExperimentConfig.Builder b = ExperimentConfig.profile(profile).toBuilder();
        if (models != null) b.setModels(distinct("--models", models));
        if (scheme != null) b.optScheme(ExperimentConfig.Scheme.of(scheme));
        // An option of the other scheme would be ignored without a word; only options the user gave are
        // checked (they are null when not given), so a profile's defaults never trip this.
        String from = scheme != null ? "" : " (the " + profile + " profile's scheme; add --scheme to choose)";
        onlyUnder(ExperimentConfig.Scheme.MONTECARLO, b.scheme(), from, "--iterations", iterations);
        onlyUnder(ExperimentConfig.Scheme.MONTECARLO, b.scheme(), from, "--shares", shares);
        onlyUnder(ExperimentConfig.Scheme.KFOLD, b.scheme(), from, "--folds", folds);
        onlyUnder(ExperimentConfig.Scheme.KFOLD, b.scheme(), from, "--repeats", repeats);
        onlyUnder(ExperimentConfig.Scheme.KFOLD, b.scheme(), from, "--val-share", valShare);
        if (iterations != null) b.optIterations(iterations);
        if (folds != null) b.optFolds(folds);
        if (repeats != null) b.optRepeats(repeats);
        if (shares != null) {
            if (shares.size() != 3) throw new BadInputException("--shares needs three numbers (train,validation,test), got " + shares.size());
            String given = String.join(",", shares.stream().map(String::valueOf).toList());
            for (double share : shares) {
                if (!(share > 0 && share < 1)) throw new BadInputException("--shares must each be between 0 and 1, got " + given);
            }
            if (Math.abs(shares.get(0) + shares.get(1) + shares.get(2) - 1) > 1e-6) {
                throw new BadInputException("--shares must sum to 1, got " + given);
            }
            b.optShares(shares.get(0), shares.get(1), shares.get(2));
        }
        if (valShare != null) b.optValShare(valShare);
        if (size != null) b.optImageSize(size);
        if (channels != null) b.optChannels(channels);
        if (crop != null) b.optCrop(Preprocessor.Crop.of(crop));
        if (cropMargin != null) b.optCropMargin(cropMargin);
        if (epochs != null) b.optMaxEpochs(epochs);
        if (patience != null) b.optPatience(patience);
        if (batch != null) b.optBatchSize(batch);
        if (optimizer != null) b.optOptimizer(ExperimentConfig.Optimizer.of(optimizer));
        if (lr != null) b.optLearningRate(lr);
        if (momentum != null) b.optMomentum(momentum);
        if (weightDecay != null) b.optWeightDecay(weightDecay);
        if (lrSchedule != null) b.optLrSchedule(ExperimentConfig.LrSchedule.of(lrSchedule));
        if (classWeights != null) b.optClassWeights(classWeights);
        if (augment != null) b.optAugment(augment);
        if (weights != null) b.optWeights(weightFiles(b.models()));
        if (threshold != null) b.optThresholdRule(ExperimentConfig.ThresholdRule.of(threshold));
        if (seed != null) b.optSeed(seed);
        if (positive != null) b.optPositiveClass(positive);
        if (epochRecords != null) b.optEpochRecords(ExperimentConfig.EpochRecords.of(epochRecords));
        if (featureDistances != null) b.optFeatureDistances(featureDistances);
        if (precision != null) b.optPrecision(ExperimentConfig.Precision.of(precision));
        return b.build();
    }

    /** The names as given, refused when one repeats: a repeated model would train twice into one ledger key. */
    static List<String> distinct(String option, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) throw new BadInputException(option + " names " + name + " twice");
        }
        return names;
    }

    private static void onlyUnder(ExperimentConfig.Scheme wanted, ExperimentConfig.Scheme scheme, String from, String option,
            Object given) {
        if (given != null && scheme != wanted) {
            throw new BadInputException(option + " applies only to --scheme " + wanted.code() + "; this run uses " + scheme.code()
                    + from);
        }
    }

    /** MODEL=FILE pairs (or one FILE for a single model), each file checked to exist. */
    private Map<String, String> weightFiles(List<String> runModels) {
        Map<String, String> out = new TreeMap<>();
        for (String w : weights) {
            int eq = w.indexOf('=');
            String model;
            String file;
            if (eq < 0) {
                if (runModels.size() != 1) {
                    throw new BadInputException("--weights " + w + ": say which model it is for (MODEL=FILE) when several run");
                }
                model = runModels.get(0);
                file = w;
            } else {
                model = w.substring(0, eq);
                file = w.substring(eq + 1);
            }
            Path p = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) throw new BadInputException("--weights: file not found: " + file);
            if (out.put(model, p.toString()) != null) throw new BadInputException("--weights names model " + model + " twice");
        }
        return out;
    }
}
