package pma.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.BadInputException;
import pma.config.ExperimentConfig.Decision;
import pma.config.ExperimentConfig.EpochRecords;
import pma.config.ExperimentConfig.LrSchedule;
import pma.config.ExperimentConfig.Optimizer;
import pma.config.ExperimentConfig.Precision;
import pma.config.ExperimentConfig.Scheme;
import pma.config.ExperimentConfig.Splits;
import pma.config.ExperimentConfig.ThresholdRule;
import pma.config.ExperimentConfig.Training;
import pma.dataset.Preprocessor;

/**
 * The ledger's configuration JSON. The flat-*.json resources are what {@code ExperimentConfig.toJson()}
 * wrote before the configuration was nested (the form every earlier ledger holds), captured from that
 * code: the quick and paper profiles, and the paper profile with every setting changed (as
 * {@code --models cnn1,densenet121 --iterations 20 --shares 0.7,0.15,0.15 --size 128 --crop mask
 * --crop-margin 0.3 --epochs 40 --patience 6 --batch 16 --optimizer momentum --lr 0.01 --momentum 0.8
 * --weight-decay 1e-4 --class-weights --augment --threshold youden --seed 123 --positive cancer
 * --lr-schedule cosine --weights cnn1=... --epoch-records eval}). nested-custom.json is the same
 * configuration in the nested form, written by hand.
 */
class ExperimentConfigJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The custom configuration, setting by setting as the options above give it. */
    private static final ExperimentConfig CUSTOM = new ExperimentConfig("paper", List.of("cnn1", "densenet121"), 123,
            new Splits(Scheme.MONTECARLO, 20, 5, 1, 0.7, 0.15, 0.15),
            new Preprocessor.Options(128, 3, Preprocessor.Crop.MASK, 0.3),
            new Training(40, 6, 16, Optimizer.MOMENTUM, 0.01, 0.8, 1e-4, true, true, LrSchedule.COSINE,
                    Map.of("cnn1", "/data/weights/cnn1-0010.params"), EpochRecords.EVAL, true, Precision.FP32),
            new Decision(ThresholdRule.YOUDEN, "cancer"));

    private static String resource(String name) throws IOException {
        try (InputStream in = ExperimentConfigJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void flatJsonOfEarlierLedgersReadsAsTheSameConfiguration() throws IOException {
        assertThat(ExperimentConfig.fromJson(resource("flat-custom.json"))).isEqualTo(CUSTOM);
        assertThat(ExperimentConfig.fromJson(resource("flat-quick.json"))).isEqualTo(ExperimentConfig.quick());
        assertThat(ExperimentConfig.fromJson(resource("flat-paper.json"))).isEqualTo(ExperimentConfig.paper());
    }

    @Test
    void newLedgersHoldTheNestedFormWithItsVersion() throws IOException {
        assertThat(JSON.readTree(CUSTOM.toJson())).isEqualTo(JSON.readTree(resource("nested-custom.json")));
        assertThat(ExperimentConfig.fromJson(resource("nested-custom.json"))).isEqualTo(CUSTOM);
        assertThat(ExperimentConfig.fromJson(ExperimentConfig.quick().toJson())).isEqualTo(ExperimentConfig.quick());
        ExperimentConfig off = CUSTOM.toBuilder().optFeatureDistances(false).build();
        assertThat(JSON.readTree(off.toJson()).get("training").get("featureDistances").asBoolean(true)).isFalse();
        assertThat(ExperimentConfig.fromJson(off.toJson()).training().featureDistances()).isFalse();
        ObjectNode bf16 = (ObjectNode) JSON.readTree(resource("nested-custom.json"));
        ((ObjectNode) bf16.get("training")).put("precision", "bf16");
        assertThat(ExperimentConfig.fromJson(JSON.writeValueAsString(bf16)).training().precision()).isEqualTo(Precision.BF16);
        assertThat(JSON.readTree(CUSTOM.toBuilder().optPrecision(Precision.BF16).build().toJson()))
                .isEqualTo(bf16);
        ExperimentConfig noPositive = ExperimentConfig.paper();
        assertThat(ExperimentConfig.fromJson(noPositive.toJson()).decision().positiveClass()).isNull();
    }

    @Test
    void settingsLaterThanTheFirstLedgersReadAsTheBehaviourBeforeThem() throws Exception {
        ObjectNode old = (ObjectNode) JSON.readTree(resource("flat-custom.json"));
        old.remove(List.of("lrSchedule", "weights", "epochRecords"));
        ExperimentConfig back = ExperimentConfig.fromJson(JSON.writeValueAsString(old));
        assertThat(back.training().lrSchedule()).isEqualTo(LrSchedule.FIXED);
        assertThat(back.training().weights()).isEmpty();
        assertThat(back.training().epochRecords()).isEqualTo(EpochRecords.OFF);
        // Every ledger before the setting computed feature distances for the tasks it trained.
        assertThat(back.training().featureDistances()).isTrue();
        // and every one before --precision trained in fp32.
        assertThat(back.training().precision()).isEqualTo(Precision.FP32);
        assertThat(back.training().batchSize()).isEqualTo(16);
        assertThat(back.models()).containsExactly("cnn1", "densenet121");
    }

    @Test
    void unreadableConfigurationsAreOneLineErrors() throws Exception {
        assertThatThrownBy(() -> ExperimentConfig.fromJson("{not json")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("ledger holds an unreadable configuration (");
        ObjectNode future = (ObjectNode) JSON.readTree(resource("nested-custom.json"));
        future.put("configVersion", 3);
        assertThatThrownBy(() -> ExperimentConfig.fromJson(JSON.writeValueAsString(future)))
                .hasMessage("ledger holds configuration version 3, this pma reads 1 to 2 (written by a newer pma?)");
        ObjectNode noBatch = (ObjectNode) JSON.readTree(resource("flat-custom.json"));
        noBatch.remove("batchSize");
        assertThatThrownBy(() -> ExperimentConfig.fromJson(JSON.writeValueAsString(noBatch)))
                .hasMessage("ledger holds an unreadable configuration (no \"batchSize\")");
        ObjectNode badScheme = (ObjectNode) JSON.readTree(resource("flat-custom.json"));
        badScheme.put("scheme", "holdout");
        assertThatThrownBy(() -> ExperimentConfig.fromJson(JSON.writeValueAsString(badScheme)))
                .hasMessage("--scheme must be kfold or montecarlo, got holdout");
    }
}
