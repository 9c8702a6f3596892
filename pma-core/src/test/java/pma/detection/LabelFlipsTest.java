package pma.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.dataset.ImageRecord;

class LabelFlipsTest {
    @TempDir
    Path dir;

    @Test
    void flipsWholePatientGroupsAndRecordsTheTruth() throws IOException {
        Path source = Fixtures.dataset(dir.resolve("src"), 40, 2, 16);
        LabelFlips.Summary s = LabelFlips.write(source, dir.resolve("copy"), 0.1, 7);
        assertThat(s.groups()).isEqualTo(40);
        assertThat(s.flippedGroups()).isEqualTo(4);
        assertThat(s.flippedImages()).isEqualTo(8);

        Dataset original = DatasetReader.read(source, null, w -> { });
        Dataset copy = DatasetReader.read(dir.resolve("copy"), null, w -> { });
        Map<String, Set<String>> truth = DetectionBenchmark.readTruth(dir.resolve("copy/truth.csv"));
        assertThat(truth).hasSize(8).allSatisfy((image, kinds) -> assertThat(kinds).containsExactly("label_flip"));
        for (int i = 0; i < original.size(); i++) {
            ImageRecord a = original.images().get(i), b = copy.images().get(i);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.features()).isEqualTo(a.features());
            assertThat(b.label().equals(a.label())).isEqualTo(!truth.containsKey(a.id()));
        }
        // Both views of a patient share its fate.
        assertThat(truth.keySet().stream().map(id -> id.substring(0, id.lastIndexOf('_'))).distinct()).hasSize(4);
        assertThat(Files.isSameFile(dir.resolve("copy/images/p000_0.png"), source.resolve("images/p000_0.png"))).isTrue();

        // Same seed, same flips; another seed, other groups.
        LabelFlips.write(source, dir.resolve("again"), 0.1, 7);
        assertThat(Files.readString(dir.resolve("again/truth.csv"))).isEqualTo(Files.readString(dir.resolve("copy/truth.csv")));
        LabelFlips.write(source, dir.resolve("other"), 0.1, 8);
        assertThat(Files.readString(dir.resolve("other/truth.csv"))).isNotEqualTo(Files.readString(dir.resolve("copy/truth.csv")));
    }

    @Test
    void refusesBadRatesAndNonEmptyTargets() throws IOException {
        Path source = Fixtures.dataset(dir.resolve("src"), 10, 1, 16);
        assertThatThrownBy(() -> LabelFlips.write(source, dir.resolve("x"), 0.6, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--flip-rate");
        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/a.txt"), "x");
        assertThatThrownBy(() -> LabelFlips.write(source, dir.resolve("full"), 0.1, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not empty");
    }
}
