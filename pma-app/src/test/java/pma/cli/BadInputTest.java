package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;

/** Every bad input: one clear error line, exit code 2, and nothing written. */
class BadInputTest {
    @TempDir
    Path dir;

    private Cli run(Path data, String... extra) {
        String[] base = {"run", data.toString(), "--ledger", dir.resolve("l.duckdb").toString(), "--epochs", "1"};
        String[] all = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
        return Cli.run(all);
    }

    private void assertBad(Cli c, String message) {
        assertThat(c.code()).as(c.err()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: " + message);
        assertThat(c.err().lines().filter(l -> l.startsWith("pma: error"))).hasSize(1);
        assertThat(dir.resolve("l.duckdb")).doesNotExist();
    }

    private Path data() throws IOException {
        return Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
    }

    private void rewriteManifest(Path data, String from, String to) throws IOException {
        Path m = data.resolve("manifest.csv");
        Files.writeString(m, Files.readString(m).replace(from, to));
    }

    @Test
    void missingImage() throws IOException {
        Path d = data();
        Files.delete(d.resolve("images/p003_0.png"));
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: image file not found: images/p003_0.png");
    }

    @Test
    void corruptImage() throws IOException {
        Path d = data();
        Files.write(d.resolve("images/p003_0.png"), "not an image".getBytes());
        assertBad(run(d), "images/p003_0.png: not a PNG or JPEG image (unknown format)");
    }

    @Test
    void unknownLabel() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png,malignant", "images/p003_0.png,normal");
        assertBad(run(d), d.resolve("manifest.csv")
                + " line 5: unknown label 'normal'; pma needs exactly two classes, already saw benign and malignant");
    }

    @Test
    void missingLabel() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png,malignant", "images/p003_0.png,");
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: missing label for images/p003_0.png");
    }

    @Test
    void oneClassOnly() throws IOException {
        Path d = data();
        rewriteManifest(d, ",malignant,", ",benign,");
        assertBad(run(d), d.resolve("manifest.csv") + ": only one class (benign); pma needs two");
    }

    @Test
    void tooFewImagesOfAClass() throws IOException {
        Path d = Fixtures.dataset(dir.resolve("small"), 12, 1, 16);
        assertBad(run(d), "class 'benign' has 6 patient(s); the 5-fold split needs at least 10 per class");
    }

    @Test
    void duplicateIds() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png", "images/p002_0.png");
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: duplicate image id 'images/p002_0.png' (first at line 4)");
    }

    @Test
    void optionsOutOfRange() throws IOException {
        Path d = data();
        assertBad(run(d, "--iterations", "0", "--scheme", "montecarlo"), "--iterations must be at least 1, got 0");
        assertBad(run(d, "--shares", "0.5,0.1,0.1", "--scheme", "montecarlo"), "split shares must sum to 1, got 0.5/0.1/0.1");
        assertBad(run(d, "--lr", "-1"), "--lr must be above 0 and below 10, got -1.0");
        assertBad(run(d, "--models", "nonet"), "unknown model 'nonet'; known models: " + String.join(", ", pma.models.Models.names()));
        assertBad(run(d, "--size", "3"), "--size must be between 8 and 1024, got 3");
        Cli theta = Cli.run("analyze", dir.resolve("x.duckdb").toString(), "--out", dir.resolve("o").toString(), "--theta", "-0.1");
        assertThat(theta.code()).isEqualTo(2);
        assertThat(theta.errorLine()).isEqualTo("pma: error: --theta must be in [0, 1), got -0.1");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void nonsenseOptionsAreUsageErrors() {
        Cli c = Cli.run("run", "--no-such-option");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).startsWith("pma: error: ");
        Cli epochs = Cli.run("run", "x", "--ledger", "y", "--epochs", "many");
        assertThat(epochs.code()).isEqualTo(2);
        assertThat(epochs.errorLine()).contains("'many' is not an int");
    }

    @Test
    void executorOptions() throws IOException {
        Path d = data();
        assertBad(run(d, "--executor", "mpi"), "--executor must be local or spark, got mpi");
        assertBad(run(d, "--master", "local[2]"), "--master applies only to --executor spark");
        // pma-app alone has no Spark: the executor is found on the class path or refused in one line.
        assertBad(run(d, "--executor", "spark"), "--executor spark needs the pma-spark jar and Spark on the class path "
                + "(build the pma-spark module and use bin/pma, or spark-submit the assembly; see the README)");
    }

    @Test
    void noDatasetFolder() {
        assertBad(run(dir.resolve("absent")), "dataset folder not found: " + dir.resolve("absent"));
    }

    @Test
    void existingLedgerWithoutResume() throws IOException {
        Path d = data();
        Files.writeString(dir.resolve("l.duckdb"), "x");
        Cli c = run(d);
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: ledger already exists: " + dir.resolve("l.duckdb")
                + " (add --resume to continue it)");
        assertThat(Files.readString(dir.resolve("l.duckdb"))).isEqualTo("x");
    }

    @Test
    void listsNothingNew() throws IOException {
        Path d = data();
        run(d, "--size", "3");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("data"));
        }
    }
}
