package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Confident learning against cleanlab's own answers: cleanlab-fixtures.json holds cleanlab 2.9.0's
 * outputs on random and adversarial cases (written by src/test/python/cleanlab_fixtures.py). Flags
 * and joints must be equal, scores and thresholds within 1e-9.
 */
class ConfidentLearningParityTest {

    @TestFactory
    Stream<DynamicTest> equalsCleanlab() throws IOException {
        List<JsonNode> fixtures = fixtures();
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(30);
        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.get("name").asText(), () -> check(f)));
    }

    static List<JsonNode> fixtures() throws IOException {
        try (InputStream in = ConfidentLearningParityTest.class.getResourceAsStream("cleanlab-fixtures.json")) {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("fixtures").forEach(out::add);
            return out;
        }
    }

    private static void check(JsonNode f) {
        int[] labels = ints(f.get("labels"));
        double[][] p = new double[labels.length][];
        for (int x = 0; x < labels.length; x++) p[x] = doubles(f.get("pred_probs").get(x));
        int classes = p[0].length;

        ConfidentLearning.Result r = ConfidentLearning.of(labels, p, classes);

        int[] flagged = IntStream.range(0, labels.length).filter(x -> r.labelIssue()[x]).toArray();
        assertThat(flagged).as("label issues").containsExactly(ints(f.get("label_issues")));
        assertThat(r.selfConfidence()).as("self-confidence").containsExactly(doubles(f.get("self_confidence")), within(1e-9));
        assertThat(r.normalizedMargin()).as("normalized margin").containsExactly(doubles(f.get("normalized_margin")), within(1e-9));
        assertThat(r.thresholds()).as("thresholds").containsExactly(doubles(f.get("thresholds")), within(1e-9));
        for (int i = 0; i < classes; i++) {
            assertThat(r.confidentJoint()[i]).as("confident joint row " + i).containsExactly(ints(f.get("confident_joint").get(i)));
            assertThat(r.calibratedJoint()[i]).as("calibrated joint row " + i)
                    .containsExactly(doubles(f.get("calibrated_joint").get(i)), within(0.0));
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }
}
