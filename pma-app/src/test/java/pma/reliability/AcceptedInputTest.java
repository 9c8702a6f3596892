package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.dataset.Fixtures;

/**
 * Awkward but valid input is accepted: a manifest saved by a spreadsheet (byte order mark, CRLF),
 * a feature column of free text (kept as a categorical feature), a patient with images in both
 * classes (a warning; the run proceeds). A model that diverges stops the run with a clear error.
 */
@Tag("engine")
class AcceptedInputTest {
    @TempDir
    Path dir;

    @Test
    void spreadsheetManifestFreeTextAndMixedPatientRun() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("manifest.csv")));
        lines.set(0, lines.get(0) + ",note");
        for (int i = 1; i < lines.size(); i++) {
            String note = i % 3 == 0 ? "\"nodule, left lobe; \"\"suspicious\"\"\"" : i % 3 == 1 ? "cyst" : "";
            lines.set(i, lines.get(i) + "," + note);
        }
        // Patient p1's second view labelled benign: one patient in both classes.
        int row = lines.indexOf(lines.stream().filter(l -> l.startsWith("images/p001_1.png,")).findFirst().orElseThrow());
        lines.set(row, lines.get(row).replace(",malignant,", ",benign,"));
        Files.write(data.resolve("manifest.csv"), ("\uFEFF" + String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));

        Pma v = Pma.run("validate", data.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains(": 48 images, 24 patients; benign (target 0) 25, malignant (target 1) 23; 0 masks;"
                + " features: echo_dark, note");
        assertThat(v.err()).contains("warning: 1 patient(s) have images in both classes (e.g. p1); they are stratified by their majority label");

        Path ledger = dir.resolve("l.duckdb");
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats", "1"));
        args.addAll(Pma.TINY);
        Pma run = Pma.run(args);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: 1 patient(s) have images in both classes (e.g. p1)");
        assertThat(Pma.count(ledger, "SELECT count(*) FROM run")).isEqualTo(5);
        // A finished run leaves its ledger and nothing else: the lock file goes with the lock.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("data", "l.duckdb");
        }
        assertThat(Pma.count(ledger, "SELECT count(*) FROM image_feature WHERE feature = 'note' AND value = 'nodule, left lobe; \"suspicious\"'"))
                .isEqualTo(16);
        assertThat(Pma.count(ledger, "SELECT count(DISTINCT value) FROM image_feature WHERE feature = 'note'")).isEqualTo(3);
        // Images of one patient stay together even across classes: p1's two views share every role.
        assertThat(Pma.count(ledger, "SELECT count(*) FROM (SELECT s.iteration FROM split s JOIN image i ON i.idx = s.image"
                + " WHERE i.patient = 'p1' GROUP BY s.iteration HAVING count(DISTINCT s.role) > 1)")).isZero();
    }

    @Test
    void divergingModelStopsWithAClearErrorAndNoLedger() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
        Path ledger = dir.resolve("l.duckdb");
        // cnn2 has no batch normalisation, so plain SGD at the largest allowed rate blows up in its first epoch.
        Pma c = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--models", "cnn2", "--size", "16",
                "--epochs", "2", "--repeats", "1", "--optimizer", "sgd", "--lr", "9.9", "--batch", "4");
        assertThat(c.code()).as(c.err()).isEqualTo(2);
        assertThat(c.errorLine()).matches("pma: error: model cnn2 diverged \\((NaN|infinite) (loss|output)\\) at epoch \\d; lower the learning rate");
        assertThat(ledger).doesNotExist();
        assertThat(Path.of(ledger + ".lock")).doesNotExist();
    }

    @Test
    void emptyPatientCellsAndUnusualPathsAreAcceptedWithAWarning() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path m = data.resolve("manifest.csv");
        // Lines 2, 3 (patient p0's two views), 9 and 31 lose their patient; line 4 spells its path the long way.
        List<String> lines = new ArrayList<>(Files.readAllLines(m));
        for (int line : List.of(2, 3, 9, 31)) lines.set(line - 1, lines.get(line - 1).replaceFirst(",p\\d+,", ",,"));
        lines.set(3, lines.get(3).replace("images/p001_0.png", "./images//p001_0.png"));
        Files.write(m, lines);
        Pma v = Pma.run("validate", data.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.err().lines().filter(l -> l.startsWith("warning"))).containsExactly("warning: 4 image(s) have an empty patient cell (" + m
                + " lines 2, 3, 9, 31); each is its own group, apart from any other views of its patient");
        // 24 patients, of which p0 (both views) becomes 2 groups and p3 and p14 lose one view each: 24 - 1 + 2 + 2.
        assertThat(v.out()).contains(": 48 images, 27 patients;");
    }
}
