package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageScoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTruthFileIsBadInputAndNothingIsWritten() throws IOException {
        Path ledger = Files.writeString(dir.resolve("l.duckdb"), "not read: the truth is checked first");
        Pma r = Pma.run("triage-score", ledger.toString(), "--truth", dir.resolve("none.csv").toString(), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errorLine()).contains("no truth file").contains("none.csv");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aTruthFileWithoutAKindColumnIsBadInput() throws IOException {
        Path truth = Files.writeString(dir.resolve("t.csv"), "image,label\nimages/a.png,benign\n");
        Pma r = Pma.run("triage-score", dir.resolve("l.duckdb").toString(), "--truth", truth.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errorLine()).contains("needs columns image and kind");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
