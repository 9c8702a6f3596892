package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.dataset.Fixtures;

/** Every bad input: one clear error line naming the file, row or option, exit code 2, and nothing written. */
class BadInputTest {
    @TempDir
    Path dir;

    private Pma run(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger().toString(), "--epochs", "1"));
        args.addAll(List.of(extra));
        return Pma.run(args);
    }

    private Path ledger() {
        return dir.resolve("l.duckdb");
    }

    private void assertBad(Pma c, String message) {
        assertThat(c.code()).as(c.err()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: " + message);
        assertThat(c.err().lines().filter(l -> l.startsWith("pma: error"))).hasSize(1);
        assertThat(ledger()).doesNotExist();
        assertThat(Path.of(ledger() + ".wal")).doesNotExist();
    }

    private Path data() throws IOException {
        return Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
    }

    private void rewriteManifest(Path data, String from, String to) throws IOException {
        Path m = data.resolve("manifest.csv");
        Files.writeString(m, Files.readString(m).replace(from, to));
    }

    // ---------- manifest and files

    @Test
    void noDatasetFolder() {
        assertBad(run(dir.resolve("absent")), "dataset folder not found: " + dir.resolve("absent"));
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
    void zeroByteImage() throws IOException {
        Path d = data();
        Files.write(d.resolve("images/p003_0.png"), new byte[0]);
        assertBad(run(d), "images/p003_0.png: not a PNG or JPEG image (unknown format)");
    }

    @Test
    void truncatedPng() throws IOException {
        Path d = data();
        Path f = d.resolve("images/p003_0.png");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        assertBad(run(d), "images/p003_0.png: cannot decode image (Error reading PNG image data)");
    }

    @Test
    void oneByOneImage() throws IOException {
        Path d = data();
        Fixtures.png(d.resolve("images/p003_0.png"), 1, 100, 1);
        assertBad(run(d), "images/p003_0.png: image is 1x1 pixels; pma needs at least 8 per side");
    }

    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() throws IOException {
        Path d = data();
        Files.write(d.resolve("images/p003_0.png"), pngHeader(20000, 20000));
        assertBad(run(d), "images/p003_0.png: image is 20000x20000 pixels; pma accepts at most 16384 per side");
    }

    @Test
    void unknownLabel() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png,malignant", "images/p003_0.png,normal");
        assertBad(run(d), d.resolve("manifest.csv")
                + " line 5: unknown label 'normal'; pma needs exactly two classes, already saw benign and malignant");
    }

    @Test
    void labelColumnWithThreeClasses() throws IOException {
        Path d = data();
        for (String p : List.of("p004_0", "p006_0", "p008_0")) rewriteManifest(d, "images/" + p + ".png,benign", "images/" + p + ".png,atypical");
        assertBad(run(d), d.resolve("manifest.csv")
                + " line 6: unknown label 'atypical'; pma needs exactly two classes, already saw benign and malignant");
    }

    @Test
    void missingLabel() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png,malignant", "images/p003_0.png,");
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: missing label for images/p003_0.png");
    }

    @Test
    void missingLabelColumn() throws IOException {
        Path d = data();
        rewriteManifest(d, "image,label,", "image,diagnosis,");
        assertBad(run(d), d.resolve("manifest.csv")
                + ": missing required column 'label' (columns: image, diagnosis, patient, subtype, echo_dark)");
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
    void oneFileUnderTwoSpellings() throws IOException {
        Path d = data();
        for (String spelling : List.of("./images/p002_0.png", "images/../images/p002_0.png", "images//p002_0.png")) {
            String manifest = Files.readString(d.resolve("manifest.csv"));
            rewriteManifest(d, "images/p003_0.png", spelling);
            assertBad(run(d), d.resolve("manifest.csv") + " line 5: duplicate image id 'images/p002_0.png' (first at line 4, written '"
                    + spelling + "' here)");
            Pma validate = Pma.run("validate", d.toString());
            assertThat(validate.code()).isEqualTo(2);
            assertThat(validate.errorLine()).isEqualTo("pma: error: " + d.resolve("manifest.csv")
                    + " line 5: duplicate image id 'images/p002_0.png' (first at line 4, written '" + spelling + "' here)");
            Files.writeString(d.resolve("manifest.csv"), manifest);
        }
    }

    @Test
    void oneFileUnderTwoNames() throws IOException {
        Path d = data();
        Files.createSymbolicLink(d.resolve("images/soft.png"), Path.of("p002_0.png"));
        Files.createLink(d.resolve("images/hard.png"), d.resolve("images/p002_0.png"));
        String manifest = Files.readString(d.resolve("manifest.csv"));
        for (String name : List.of("soft", "hard")) {
            Files.writeString(d.resolve("manifest.csv"), manifest.replace("images/p003_0.png", "images/" + name + ".png"));
            assertBad(run(d), d.resolve("manifest.csv") + " line 5: image 'images/" + name
                    + ".png' is the same file as 'images/p002_0.png' at line 4 (a link); list each image once");
        }
    }

    @Test
    void latin1Manifest() throws IOException {
        Path d = data();
        Path m = d.resolve("manifest.csv");
        Files.write(m, Files.readString(m).replace(",p3,ptc,", ",p3,ptc\u00e9,").getBytes(StandardCharsets.ISO_8859_1));
        assertBad(run(d), m + " line 5: byte 0xE9 is not UTF-8; save the manifest as UTF-8");
    }

    @Test
    void utf16Manifest() throws IOException {
        Path d = data();
        Path m = d.resolve("manifest.csv");
        String text = Files.readString(m);
        Files.write(m, text.getBytes(StandardCharsets.UTF_16)); // big-endian, with a byte order mark
        assertBad(run(d), m + ": the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        Files.write(m, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE)); // as Windows' "Unicode" saves it
        assertBad(run(d), m + ": the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        Files.write(m, text.getBytes(StandardCharsets.UTF_16LE));
        assertBad(run(d), m + " line 1: NUL byte; the file looks like UTF-16 without a byte order mark; save it as UTF-8");
    }

    @Test
    void rowWithTooManyFields() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png,malignant,p3,ptc,1", "images/p003_0.png,malignant,p3,ptc,1,extra");
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: expected 5 fields, found 6");
    }

    @Test
    void imagePathLeavingTheFolder() throws IOException {
        Path d = data();
        rewriteManifest(d, "images/p003_0.png", "../secret.png");
        assertBad(run(d), d.resolve("manifest.csv") + " line 5: image path leaves the dataset folder: ../secret.png");
    }

    // ---------- options

    @Test
    void optionsOutOfRange() throws IOException {
        Path d = data();
        assertBad(run(d, "--iterations", "0", "--scheme", "montecarlo"), "--iterations must be at least 1, got 0");
        assertBad(run(d, "--shares", "0.5,0.1,0.1", "--scheme", "montecarlo"), "--shares must sum to 1, got 0.5,0.1,0.1");
        assertBad(run(d, "--shares", "0.5,0.5,0.5", "--scheme", "montecarlo"), "--shares must sum to 1, got 0.5,0.5,0.5");
        assertBad(run(d, "--shares", "1.2,-0.1,-0.1", "--scheme", "montecarlo"), "--shares must each be between 0 and 1, got 1.2,-0.1,-0.1");
        assertBad(run(d, "--shares", "0.8,0.2", "--scheme", "montecarlo"), "--shares needs three numbers (train,validation,test), got 2");
        assertBad(run(d, "--scheme", "loo"), "--scheme must be kfold or montecarlo, got loo");
        assertBad(run(d, "--lr", "-1"), "--lr must be above 0 and below 10, got -1.0");
        assertBad(run(d, "--patience", "0"), "--patience must be at least 1, got 0");
        assertBad(run(d, "--batch", "0"), "--batch must be between 1 and 4096, got 0");
        assertBad(run(d, "--models", "nonet"), "unknown model 'nonet'; known models: " + String.join(", ", pma.models.Models.names()));
        assertBad(run(d, "--size", "3"), "--size must be between 8 and 1024, got 3");
        assertBad(run(d, "--channels", "2"), "--channels must be 1 or 3, got 2");
        assertBad(run(d, "--crop", "lesion"), "--crop must be none, mask or fov, got lesion");
        assertBad(run(d, "--crop-margin", "-0.5"), "--crop-margin must be between 0 and 5, got -0.5");
        assertBad(run(d, "--optimizer", "lbfgs"), "--optimizer must be sgd, momentum or adam, got lbfgs");
        assertBad(run(d, "--profile", "huge"), "--profile must be quick or paper, got huge");
    }

    @Test
    void repeatedModels() throws IOException {
        Path d = data();
        assertBad(run(d, "--models", "quick_cnn,quick_cnn"), "--models names quick_cnn twice");
        assertBad(run(d, "--models", "quick_cnn,cnn1,quick_cnn"), "--models names quick_cnn twice");
        Pma bench = Pma.run("bench", "--models", "cnn1,cnn1", "--csv", dir.resolve("bench.csv").toString());
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.errorLine()).isEqualTo("pma: error: --models names cnn1 twice");
        assertThat(dir.resolve("bench.csv")).doesNotExist();
    }

    /** Options of the scheme not in use would be ignored without a word; the profile's own defaults never count. */
    @Test
    void optionsOfTheOtherScheme() throws IOException {
        Path d = data();
        assertBad(run(d, "--iterations", "5"), "--iterations applies only to --scheme montecarlo; this run uses kfold"
                + " (the quick profile's scheme; add --scheme to choose)");
        assertBad(run(d, "--shares", "0.5,0.5,0.5"), "--shares applies only to --scheme montecarlo; this run uses kfold"
                + " (the quick profile's scheme; add --scheme to choose)");
        assertBad(run(d, "--iterations", "5", "--scheme", "kfold"), "--iterations applies only to --scheme montecarlo; this run uses kfold");
        assertBad(run(d, "--profile", "paper", "--folds", "3"), "--folds applies only to --scheme kfold; this run uses montecarlo"
                + " (the paper profile's scheme; add --scheme to choose)");
        assertBad(run(d, "--repeats", "2", "--scheme", "montecarlo"), "--repeats applies only to --scheme kfold; this run uses montecarlo");
        assertBad(run(d, "--val-share", "0.1", "--scheme", "montecarlo"), "--val-share applies only to --scheme kfold; this run uses montecarlo");
        // Each scheme's own options pass that check (and reach the next one, the unknown model).
        String unknown = "unknown model 'nonet'; known models: " + String.join(", ", pma.models.Models.names());
        assertBad(run(d, "--profile", "paper", "--iterations", "2", "--shares", "0.6,0.2,0.2", "--models", "nonet"), unknown);
        assertBad(run(d, "--folds", "3", "--repeats", "1", "--val-share", "0.1", "--models", "nonet"), unknown);
    }

    @Test
    void analysisOptionsOutOfRange() {
        Path out = dir.resolve("o");
        for (String[] bad : new String[][] {{"--theta", "-0.1", "--theta must be in [0, 1), got -0.1"},
                {"--theta", "0.905", "--theta must be a multiple of 0.01 (Algorithm 1 steps θ by 0.01), got 0.905"},
                {"--theta-floor", "0.555", "--theta-floor must be a multiple of 0.01 (Algorithm 1 steps θ by 0.01), got 0.555"},
                {"--top-runs", "-1", "--top-runs must be at least 0 (0 = all runs), got -1"},
                {"--min-appearances", "-1", "--min-appearances must be at least 1, got -1"},
                {"--min-appearances-per-model", "0", "--min-appearances-per-model must be at least 1, got 0"},
                {"--min-models", "-1", "--min-models must be at least 0, got -1"}}) {
            Pma c = Pma.run("analyze", dir.resolve("x.duckdb").toString(), "--out", out.toString(), bad[0], bad[1]);
            assertThat(c.code()).isEqualTo(2);
            assertThat(c.errorLine()).isEqualTo("pma: error: " + bad[2]);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void nonsenseOptionsAreUsageErrors() {
        Pma c = Pma.run("run", "--no-such-option");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).startsWith("pma: error: ");
        Pma epochs = Pma.run("run", "x", "--ledger", "y", "--epochs", "many");
        assertThat(epochs.code()).isEqualTo(2);
        assertThat(epochs.errorLine()).contains("'many' is not an int");
    }

    @Test
    void executorOptions() throws IOException {
        Path d = data();
        assertBad(run(d, "--executor", "mpi"), "--executor must be local, workers or spark, got mpi");
        assertBad(run(d, "--master", "local[2]"), "--master applies only to --executor spark");
        // pma-app alone has no Spark: the executor is found on the class path or refused in one line.
        assertBad(run(d, "--executor", "spark"), "--executor spark needs the pma-spark jar and Spark on the class path "
                + "(build pma and use bin/pma, or spark-submit the assembly; see docs/spark.md)");
    }

    @Test
    void existingLedgerWithoutResume() throws IOException {
        Path d = data();
        Files.writeString(ledger(), "x");
        Pma c = run(d);
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: ledger already exists: " + ledger() + " (add --resume to continue it)");
        assertThat(Files.readString(ledger())).isEqualTo("x");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(List.of("data", "l.duckdb"));
        }
    }

    @Test
    void listsNothingNew() throws IOException {
        Path d = data();
        run(d, "--size", "3");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("data"));
        }
    }

    // ---------- import

    @Test
    void importRefusesANonEmptyOut() throws IOException {
        Path src = dir.resolve("src");
        Fixtures.png(src.resolve("a/x.png"), 12, 50, 1);
        Fixtures.png(src.resolve("b/y.png"), 12, 50, 1);
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/mine.txt"), "keep");
        Pma c = Pma.run("import", "folders", src.toString(), "--out", dir.resolve("out").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --out " + dir.resolve("out") + " is not empty; add --force to replace it");
        assertThat(Files.readString(dir.resolve("out/mine.txt"))).isEqualTo("keep");
        Pma forced = Pma.run("import", "folders", src.toString(), "--out", dir.resolve("out").toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("2 images (a 1, b 1), 2 patients, 0 with a lesion mask");
        assertThat(Pma.run("import", "busi", src.toString(), "--out", dir.resolve("b").toString()).errorLine())
                .isEqualTo("pma: error: " + src + ": no benign/ folder (BUSI's layout is benign/, malignant/ and normal/)");
    }

    /** A PNG signature and IHDR chunk claiming the given size, with a valid CRC and no pixel data. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter, no interlace
        byte[] body = chunk.toByteArray();
        out.writeInt(body.length - 4);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt((int) crc.getValue());
        return b.toByteArray();
    }
}
