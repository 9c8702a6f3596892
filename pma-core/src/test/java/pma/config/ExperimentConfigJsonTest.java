package pma.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pma.BadInputException;

class ExperimentConfigJsonTest {
    @Test
    void epochRecordsRoundTripAndOlderLedgersReadAsOff() throws Exception {
        ExperimentConfig quick = ExperimentConfig.quick();
        assertThat(quick.epochRecords()).isEqualTo("train");
        assertThat(ExperimentConfig.paper().epochRecords()).isEqualTo("train");
        assertThat(ExperimentConfig.fromJson(quick.toJson())).isEqualTo(quick);
        ExperimentConfig.Builder b = quick.toBuilder();
        b.epochRecords = "eval";
        assertThat(ExperimentConfig.fromJson(b.build().toJson()).epochRecords()).isEqualTo("eval");

        // A configuration recorded before the field existed.
        ObjectMapper json = new ObjectMapper();
        ObjectNode old = (ObjectNode) json.readTree(quick.toJson());
        old.remove("epochRecords");
        ExperimentConfig back = ExperimentConfig.fromJson(json.writeValueAsString(old));
        assertThat(back.epochRecords()).isEqualTo("off");
        assertThat(back.models()).isEqualTo(quick.models());

        b.epochRecords = "sometimes";
        assertThatThrownBy(b::build).isInstanceOf(BadInputException.class).hasMessageContaining("--epoch-records");
    }
}
