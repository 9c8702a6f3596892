package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pma.engine.Engines;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.config.ExperimentConfig;
import pma.split.Role;
import pma.split.Split;
import pma.synth.SyntheticDataset;

/**
 * Every model learns the synthetic dataset with its profile's training settings (optimizer,
 * learning rate, batch, class weights, augmentation, schedule): validation AUC of the first split
 * clearly above 0.5. To fit a CPU, the dataset is small (150 nodules, 393 images) and epochs are
 * capped ({@code -Dpma.learn.epochs}, default 15 for the quick profile and 25 for the paper's;
 * {@code -Dpma.learn.patience}, default the profile's: 4 and 10) and the image side is {@code
 * -Dpma.learn.size} (default: 64 px for cnn1/cnn2 and the quick models, 32 px for resnet152 and
 * densenet121); the channels are the profile's. {@code -Dpma.learn.models=a,b} runs some models
 * only; {@code -Dpma.learn.optimizer} and {@code -Dpma.learn.lr} try other settings. Prints one
 * LEARN line per model.
 */
@Tag("slow")
@Tag("engine")
class ProfileLearningTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        Engines.init();
        // One engine thread: on a shared or small machine, more threads per task only wait on each other.
        Engines.setIntraOpThreads(Integer.getInteger("pma.learn.threads", 1));
        SyntheticDataset.Options d = SyntheticDataset.Options.defaults();
        SyntheticDataset.generate(dir.resolve("synth"), new SyntheticDataset.Options(
                7, 150, 64, d.flipRate(), d.lookalikeRate(), d.artifactRate(), d.darkGainRate()));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"quick, quick_cnn, 64", "quick, quick_resnet, 64", "paper, cnn1, 64", "paper, cnn2, 64",
            "paper, densenet121, 32", "paper, resnet152, 32"})
    void learnsWithItsProfileDefaults(String profile, String model, int defaultSize) {
        int size = Integer.getInteger("pma.learn.size", defaultSize);
        // The paper's plain SGD needs its own patience and more epochs: cnn2 sits at chance for ~15.
        boolean paper = profile.equals("paper");
        int epochs = Integer.getInteger("pma.learn.epochs", paper ? 25 : 15);
        String only = System.getProperty("pma.learn.models");
        org.junit.jupiter.api.Assumptions.assumeTrue(only == null || List.of(only.split(",")).contains(model));
        ExperimentConfig start = ExperimentConfig.profile(profile);
        ExperimentConfig.Training st = start.training();
        ExperimentConfig.Builder b = start.toBuilder()
                .setModels(List.of(model))
                .optImageSize(size)
                .optMaxEpochs(Math.min(st.maxEpochs(), epochs))
                .optPatience(Math.min(st.patience(), Integer.getInteger("pma.learn.patience", paper ? 10 : 4)))
                .optOptimizer(ExperimentConfig.Optimizer.of(System.getProperty("pma.learn.optimizer", st.optimizer().code())))
                .optLearningRate(Double.parseDouble(System.getProperty("pma.learn.lr", String.valueOf(st.learningRate()))));
        if (b.scheme() == ExperimentConfig.Scheme.KFOLD) b.optRepeats(1);
        else b.optIterations(1);
        ExperimentConfig config = b.build();
        Dataset dataset = DatasetReader.read(dir.resolve("synth"), null, w -> {});
        ImageTensors t = Preprocessor.load(dataset, config.preprocessing());
        TrainingData data = new TrainingData(t.pixels(), dataset.targets(), t.channels(), t.size());
        Split split = config.planner(dataset).plan(0);
        TrainingConfig tc = TrainingConfig.forTask(config, model, 11);
        TrainingOutcome o = ModelTrainer.train(tc, data, split.indices(Role.TRAIN), split.indices(Role.VAL),
                split.indices(Role.TEST));
        StringBuilder perEpoch = new StringBuilder();
        for (double a : o.valAucPerEpoch()) perEpoch.append(String.format(Locale.ROOT, " %.2f", a));
        System.out.printf(Locale.ROOT, "LEARN %s %s %dpx x%d %s lr %.4g batch %d: best val AUC %.3f at epoch %d"
                        + " of %d, %.0f s; per epoch:%s%n", profile, model, size, config.preprocessing().channels(),
                config.training().optimizer().code(), config.training().learningRate(), config.training().batchSize(), o.bestValAuc(), o.bestEpoch(), o.epochsRun(),
                o.trainSeconds(), perEpoch);
        assertThat(o.bestValAuc()).isGreaterThan(0.6); // about 40 validation images: AUC +-0.1
    }
}
