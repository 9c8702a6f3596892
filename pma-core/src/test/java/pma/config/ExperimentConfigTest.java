package pma.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.BadInputException;
import pma.config.ExperimentConfig.EpochRecords;
import pma.config.ExperimentConfig.LrSchedule;
import pma.config.ExperimentConfig.Optimizer;
import pma.config.ExperimentConfig.Precision;
import pma.config.ExperimentConfig.Scheme;
import pma.config.ExperimentConfig.ThresholdRule;
import pma.dataset.Preprocessor;

class ExperimentConfigTest {

    @Test
    void paperProfileIsTheAuthorsSettings() {
        ExperimentConfig p = ExperimentConfig.paper();
        assertThat(p.models()).containsExactly("cnn1", "cnn2", "resnet152", "densenet121");
        assertThat(p.splits().scheme()).isEqualTo(Scheme.MONTECARLO);
        assertThat(p.splits().iterations()).isEqualTo(100);
        assertThat(p.iterationCount()).isEqualTo(100);
        assertThat(p.preprocessing().size()).isEqualTo(140);
        assertThat(p.preprocessing().channels()).isEqualTo(3);
        assertThat(p.training().optimizer()).isEqualTo(Optimizer.SGD);
        assertThat(p.training().learningRate()).isEqualTo(0.005);
        assertThat(p.training().batchSize()).isEqualTo(8);
        assertThat(p.training().classWeights()).isFalse();
        assertThat(p.training().augment()).isFalse();
        assertThat(p.training().lrSchedule()).isEqualTo(LrSchedule.FIXED);
        assertThat(p.training().weights()).isEmpty();
    }

    @Test
    void quickProfileIsThreeRepeatsOfFiveFolds() {
        ExperimentConfig q = ExperimentConfig.quick();
        assertThat(q.splits().scheme()).isEqualTo(Scheme.KFOLD);
        assertThat(q.iterationCount()).isEqualTo(15); // 3 repeats x 5 folds
        assertThat(q.training().optimizer()).isEqualTo(Optimizer.ADAM);
        assertThat(q.training().epochRecords()).isEqualTo(EpochRecords.TRAIN);
    }

    @Test
    void theBuilderSetsEachSettingInItsPart() {
        ExperimentConfig c = ExperimentConfig.builder()
                .setModels("cnn1", "cnn2")
                .optSeed(99)
                .optScheme(Scheme.MONTECARLO).optIterations(12).optShares(0.7, 0.2, 0.1)
                .optImageSize(96).optChannels(3).optCrop(Preprocessor.Crop.MASK).optCropMargin(0.5)
                .optMaxEpochs(20).optPatience(3).optBatchSize(8).optOptimizer(Optimizer.MOMENTUM)
                .optLearningRate(0.02).optMomentum(0.5).optWeightDecay(0.001).optClassWeights(false).optAugment(true)
                .optLrSchedule(LrSchedule.STEP).optWeights(Map.of("cnn2", "/w/cnn2-0003.params"))
                .optEpochRecords(EpochRecords.EVAL).optFeatureDistances(false).optPrecision(Precision.BF16)
                .optThresholdRule(ThresholdRule.YOUDEN).optPositiveClass("cancer")
                .build();
        assertThat(c.profile()).isEqualTo("custom");
        assertThat(c.models()).containsExactly("cnn1", "cnn2");
        assertThat(c.seed()).isEqualTo(99);
        assertThat(c.splits()).isEqualTo(new ExperimentConfig.Splits(Scheme.MONTECARLO, 12, 5, 3, 0.7, 0.2, 0.1));
        assertThat(c.iterationCount()).isEqualTo(12);
        assertThat(c.preprocessing()).isEqualTo(new Preprocessor.Options(96, 3, Preprocessor.Crop.MASK, 0.5));
        assertThat(c.training()).isEqualTo(new ExperimentConfig.Training(20, 3, 8, Optimizer.MOMENTUM, 0.02, 0.5, 0.001,
                false, true, LrSchedule.STEP, Map.of("cnn2", "/w/cnn2-0003.params"), EpochRecords.EVAL, false, Precision.BF16));
        assertThat(c.decision()).isEqualTo(new ExperimentConfig.Decision(ThresholdRule.YOUDEN, "cancer"));
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void theBuilderNeedsModels() {
        assertThatThrownBy(() -> ExperimentConfig.builder().build()).isInstanceOf(BadInputException.class)
                .hasMessage("--models must name at least one model");
    }

    @Test
    void newSettingsRoundTripThroughJson() {
        ExperimentConfig c = ExperimentConfig.quick().toBuilder()
                .optLrSchedule(LrSchedule.STEP)
                .optWeights(Map.of("quick_cnn", "/tmp/q-0001.params"))
                .build();
        assertThat(ExperimentConfig.fromJson(c.toJson())).isEqualTo(c);
    }

    @Test
    void badSettingsAreOneLineErrorsNamingTheOption() {
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        assertThatThrownBy(() -> b.optMaxEpochs(0).build()).hasMessage("--epochs must be at least 1, got 0");
        assertThatThrownBy(() -> b.optMaxEpochs(5).optPatience(0).build()).hasMessage("--patience must be at least 1, got 0");
        assertThatThrownBy(() -> b.optPatience(2).optBatchSize(5000).build())
                .hasMessage("--batch must be between 1 and 4096, got 5000");
        assertThatThrownBy(() -> b.optBatchSize(8).optLearningRate(10).build())
                .hasMessage("--lr must be above 0 and below 10, got 10.0");
        assertThatThrownBy(() -> b.optLearningRate(0.1).optMomentum(1).build())
                .hasMessage("--momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> b.optMomentum(0.9).optWeightDecay(-0.5).build())
                .hasMessage("--weight-decay must be in [0, 1), got -0.5");
        assertThatThrownBy(() -> b.optWeightDecay(0).optIterations(0).build())
                .hasMessage("--iterations must be at least 1, got 0");
        assertThatThrownBy(() -> b.optIterations(3).optImageSize(4).build())
                .hasMessage("--size must be between 8 and 1024, got 4");
        assertThatThrownBy(() -> b.optImageSize(32).optChannels(2).build()).hasMessage("--channels must be 1 or 3, got 2");
        assertThat(b.optChannels(1).build().preprocessing().size()).isEqualTo(32);

        ExperimentConfig.Builder w = ExperimentConfig.quick().toBuilder()
                .setModels(List.of("quick_cnn"))
                .optWeights(Map.of("cnn1", "/x-0000.params"));
        assertThatThrownBy(w::build).isInstanceOf(BadInputException.class)
                .hasMessage("--weights names model cnn1, which is not among --models");
    }

    @Test
    void choicesReadTheirCommandLineSpellingAndListThemWhenWrong() {
        assertThat(Scheme.of("kfold")).isEqualTo(Scheme.KFOLD);
        assertThat(Optimizer.of("momentum")).isEqualTo(Optimizer.MOMENTUM);
        assertThat(LrSchedule.of("cosine")).isEqualTo(LrSchedule.COSINE);
        assertThat(ThresholdRule.of("youden")).isEqualTo(ThresholdRule.YOUDEN);
        assertThat(EpochRecords.of("eval")).isEqualTo(EpochRecords.EVAL);
        assertThat(ThresholdRule.GMEAN.code()).isEqualTo("gmean");
        assertThatThrownBy(() -> Scheme.of("holdout")).isInstanceOf(BadInputException.class)
                .hasMessage("--scheme must be kfold or montecarlo, got holdout");
        assertThatThrownBy(() -> Optimizer.of("rmsprop")).hasMessage("--optimizer must be sgd, momentum or adam, got rmsprop");
        assertThatThrownBy(() -> LrSchedule.of("warm")).hasMessage("--lr-schedule must be fixed, cosine or step, got warm");
        assertThatThrownBy(() -> ThresholdRule.of("f1")).hasMessage("--threshold must be gmean, youden or fixed, got f1");
        assertThatThrownBy(() -> EpochRecords.of("sometimes"))
                .hasMessage("--epoch-records must be off, train or eval, got sometimes");
        // Upper case is not the command-line spelling.
        assertThatThrownBy(() -> Scheme.of("KFOLD")).hasMessage("--scheme must be kfold or montecarlo, got KFOLD");
    }
}
