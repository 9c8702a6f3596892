package pma.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.BadInputException;

class ExperimentConfigTest {

    @Test
    void paperProfileIsTheAuthorsSettings() {
        ExperimentConfig p = ExperimentConfig.paper();
        assertThat(p.models()).containsExactly("cnn1", "cnn2", "resnet152", "densenet121");
        assertThat(p.iterations()).isEqualTo(100);
        assertThat(p.imageSize()).isEqualTo(140);
        assertThat(p.channels()).isEqualTo(3);
        assertThat(p.optimizer()).isEqualTo("sgd");
        assertThat(p.learningRate()).isEqualTo(0.005);
        assertThat(p.batchSize()).isEqualTo(8);
        assertThat(p.classWeights()).isFalse();
        assertThat(p.augment()).isFalse();
        assertThat(p.lrSchedule()).isEqualTo("fixed");
        assertThat(p.weights()).isEmpty();
    }

    @Test
    void newSettingsRoundTripThroughJson() {
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.lrSchedule = "step";
        b.weights = Map.of("quick_cnn", "/tmp/q-0001.params");
        ExperimentConfig c = b.build();
        assertThat(ExperimentConfig.fromJson(c.toJson())).isEqualTo(c);
    }

    @Test
    void aLedgerWrittenBeforeTheNewSettingsReadsAsTheOldBehaviour() {
        String json = ExperimentConfig.quick().toJson()
                .replaceAll(",?\\s*\"lrSchedule\"\\s*:\\s*\"fixed\"", "")
                .replaceAll(",?\\s*\"weights\"\\s*:\\s*\\{\\s*}", "");
        assertThat(json).doesNotContain("lrSchedule").doesNotContain("weights");
        assertThat(ExperimentConfig.fromJson(json)).isEqualTo(ExperimentConfig.quick());
    }

    @Test
    void badNewSettingsAreOneLineErrors() {
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.lrSchedule = "warm";
        assertThatThrownBy(b::build).isInstanceOf(BadInputException.class)
                .hasMessage("--lr-schedule must be fixed, cosine or step, got warm");
        ExperimentConfig.Builder w = ExperimentConfig.quick().toBuilder();
        w.models = List.of("quick_cnn");
        w.weights = Map.of("cnn1", "/x-0000.params");
        assertThatThrownBy(w::build).isInstanceOf(BadInputException.class)
                .hasMessage("--weights names model cnn1, which is not among --models");
    }
}
