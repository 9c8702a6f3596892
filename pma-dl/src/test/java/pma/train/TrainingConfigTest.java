package pma.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pma.config.ExperimentConfig;

class TrainingConfigTest {

    private static TrainingConfig cfg(String model, int size, int epochs, int patience, int batch,
            String opt, float lr, float momentum, float wd) {
        return new TrainingConfig(model, size, 1, epochs, patience, batch, opt, lr, momentum, wd,
                true, false, 1);
    }

    @Test
    void defaultsAreValid() {
        TrainingConfig d = TrainingConfig.defaults("quick_cnn", 64, 1, 9);
        assertThat(d.optimizer()).isEqualTo(ExperimentConfig.Optimizer.ADAM);
        assertThat(d.learningRate()).isEqualTo(1e-3f);
        assertThat(d.withSeed(10).seed()).isEqualTo(10);
        assertThat(d.withEpochs(3, 2).maxEpochs()).isEqualTo(3);
        assertThat(cfg("cnn1", 32, 1, 1, 1, "ADAM", 1e-3f, 0f, 0f).optimizer()).isEqualTo(ExperimentConfig.Optimizer.ADAM);
    }

    @Test
    void badValuesGiveOneLineMessages() {
        assertThatThrownBy(() -> cfg("vgg", 32, 1, 1, 1, "adam", 1e-3f, 0f, 0f))
                .hasMessage("unknown model 'vgg'; known models: cnn1, cnn2, quick_cnn, quick_resnet, resnet152, densenet121");
        assertThatThrownBy(() -> cfg("cnn1", 16, 1, 1, 1, "adam", 1e-3f, 0f, 0f))
                .hasMessage("model cnn1 needs images of at least 23 px, got 16");
        assertThatThrownBy(() -> cfg("cnn1", 32, 0, 1, 1, "adam", 1e-3f, 0f, 0f))
                .hasMessage("--epochs must be at least 1, got 0");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 0, 1, "adam", 1e-3f, 0f, 0f))
                .hasMessage("--patience must be at least 1, got 0");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 0, "adam", 1e-3f, 0f, 0f))
                .hasMessage("--batch must be between 1 and 4096, got 0");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 1, "rmsprop", 1e-3f, 0f, 0f))
                .hasMessage("--optimizer must be sgd, momentum or adam, got rmsprop");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 1, "sgd", 0f, 0f, 0f))
                .hasMessage("--lr must be above 0 and below 10, got 0.0");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 1, "sgd", Float.NaN, 0f, 0f))
                .hasMessage("--lr must be above 0 and below 10, got NaN");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 1, "momentum", 0.1f, 1f, 0f))
                .hasMessage("--momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> cfg("cnn1", 32, 1, 1, 1, "sgd", 0.1f, 0f, -1f))
                .hasMessage("--weight-decay must be in [0, 1), got -1.0");
        assertThatThrownBy(() -> new TrainingConfig("cnn1", 32, 0, 1, 1, 1, "sgd", 0.1f, 0f, 0f,
                        false, false, 1))
                .hasMessage("channels must be at least 1, got 0");
    }

    @Test
    void trainingDataIsChecked() {
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[4]}, new int[] {2}, 1, 2))
                .hasMessage("label of image 0 is 2, expected 0 or 1");
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[3]}, new int[] {1}, 1, 2))
                .hasMessage("image 0 has 3 values, expected 4 (1x2x2)");
        assertThatThrownBy(() -> new TrainingData(new float[][] {new float[4]}, new int[0], 1, 2))
                .hasMessage("1 images but 0 labels");
    }
}
