package pma.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.config.ExperimentConfig;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;

/** Verdict history in the ledger: ordering, latest per image, input limits. */
class VerdictsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path template;
    Verdicts verdicts;

    @BeforeAll
    static void createOnce() throws IOException {
        Dataset dataset = DatasetReader.read(Fixtures.dataset(shared.resolve("data"), 6, 1, 8), null, w -> {});
        template = Ledger.create(shared.resolve("l.duckdb"), ExperimentConfig.quick(), dataset, List.of(), "test").file();
    }

    @BeforeEach
    void copy() throws IOException {
        Path file = dir.resolve("l.duckdb");
        Files.copy(template, file); // a fresh, verdict-free ledger per test without creating one each time
        verdicts = new Verdicts(Ledger.open(file));
    }

    @Test
    void historyIsKeptAndTheLatestWins() {
        assertThat(verdicts.history()).isEmpty();
        assertThat(verdicts.latest()).isEmpty();
        Verdict first = verdicts.add(2, " Dr. A ", Kind.LABEL_ERROR, "looks benign\r\nto me");
        // Written back to back: timestamps must still order them.
        Verdict second = verdicts.add(2, "Dr. B", Kind.NO_PROBLEM, "");
        verdicts.add(0, "Dr. A", Kind.ARTIFACT, "bright spot");
        assertThat(first.reviewer()).isEqualTo("Dr. A");
        assertThat(first.note()).isEqualTo("looks benign\nto me");
        assertThat(second.created()).isAfter(first.created());

        List<Verdict> all = verdicts.history();
        assertThat(all).extracting(Verdict::kind).containsExactly(Kind.LABEL_ERROR, Kind.NO_PROBLEM, Kind.ARTIFACT);
        assertThat(all.get(0)).isEqualTo(first); // round trip keeps microseconds
        assertThat(verdicts.history(2)).containsExactly(first, second);
        assertThat(verdicts.latest()).containsOnlyKeys(0, 2);
        assertThat(verdicts.latest().get(2).kind()).isEqualTo(Kind.NO_PROBLEM);
    }

    @Test
    void rejectsBadInputAndWritesNothing() {
        assertThatThrownBy(() -> verdicts.add(99, "a", Kind.ARTIFACT, "")).isInstanceOf(BadInputException.class)
                .hasMessage("no image with index 99 in this ledger");
        assertThatThrownBy(() -> verdicts.add(0, "  ", Kind.ARTIFACT, "")).hasMessage("reviewer name is required");
        assertThatThrownBy(() -> verdicts.add(0, "x".repeat(101), Kind.ARTIFACT, ""))
                .hasMessage("reviewer name is longer than 100 characters");
        assertThatThrownBy(() -> verdicts.add(0, "a\u0000b", Kind.ARTIFACT, ""))
                .hasMessage("reviewer name contains control characters");
        assertThatThrownBy(() -> verdicts.add(0, "a", Kind.ARTIFACT, "y".repeat(2001)))
                .hasMessage("note is longer than 2000 characters");
        assertThatThrownBy(() -> verdicts.add(0, "a", null, "")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Kind.of("fine")).hasMessageStartingWith("unknown verdict 'fine'");
        assertThat(verdicts.history()).isEmpty();
        // The limits themselves are accepted.
        assertThat(verdicts.add(0, "x".repeat(100), Kind.ATYPICAL, "y".repeat(2000)).note()).hasSize(2000);
    }

    @Test
    void codesRoundTrip() {
        for (Kind k : Kind.values()) assertThat(Kind.of(k.code())).isSameAs(k);
    }
}
