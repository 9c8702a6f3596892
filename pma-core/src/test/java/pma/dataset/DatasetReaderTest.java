package pma.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;

class DatasetReaderTest {
    @TempDir
    Path dir;

    private Dataset read() {
        return DatasetReader.read(dir, null, w -> {});
    }

    private void manifest(String... lines) throws IOException {
        Files.write(dir.resolve("manifest.csv"), List.of(lines));
    }

    @Test
    void readsAValidDataset() throws IOException {
        Fixtures.dataset(dir, 6, 2, 16);
        Dataset d = read();
        assertThat(d.size()).isEqualTo(12);
        assertThat(d.positiveClass()).isEqualTo("malignant");
        assertThat(d.negativeClass()).isEqualTo("benign");
        assertThat(d.count(1)).isEqualTo(6);
        assertThat(d.patientCount()).isEqualTo(6);
        assertThat(d.featureColumns()).containsExactly("echo_dark");
        assertThat(d.images().get(0).subtype()).isEqualTo("colloid");
        assertThat(d.fingerprint()).hasSize(64).isEqualTo(read().fingerprint());
    }

    @Test
    void fingerprintChangesWithAnImage() throws IOException {
        Fixtures.dataset(dir, 4, 1, 16);
        String before = read().fingerprint();
        Fixtures.png(dir.resolve("images/p000_0.png"), 16, 10, 1);
        assertThat(read().fingerprint()).isNotEqualTo(before);
    }

    @Test
    void acceptsBomAndCrlf() throws IOException {
        Fixtures.dataset(dir, 4, 1, 16);
        String text = Files.readString(dir.resolve("manifest.csv")).replace("\n", "\r\n");
        Files.writeString(dir.resolve("manifest.csv"), "\uFEFF" + text, StandardCharsets.UTF_8);
        Dataset d = read();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.images().get(0).id()).isEqualTo("images/p000_0.png");
    }

    @Test
    void acceptsPatientIdColumnAndCustomPositive() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        Fixtures.png(dir.resolve("b.png"), 16, 10, 2);
        manifest("image,label,patient_id", "a.png,yes,x", "b.png,no,x");
        Dataset d = DatasetReader.read(dir, "yes", w -> {});
        assertThat(d.positiveClass()).isEqualTo("yes");
        assertThat(d.images().get(0).target()).isEqualTo(1);
        assertThat(d.images().get(1).patient()).isEqualTo("x");
    }

    @Test
    void idIsTheNormalisedPath() throws IOException {
        Fixtures.png(dir.resolve("images/a.png"), 16, 10, 1);
        Fixtures.png(dir.resolve("b.png"), 16, 10, 2);
        Fixtures.png(dir.resolve("images/c.png"), 16, 10, 3);
        manifest("image,label", "./images/a.png,no", "images/../b.png,yes", "images//c.png,yes");
        assertThat(read().images().stream().map(ImageRecord::id)).containsExactly("images/a.png", "b.png", "images/c.png");
    }

    @Test
    void warnsAboutEmptyPatientCells() throws IOException {
        List<String> lines = new ArrayList<>(List.of("image,label,patient"));
        for (int i = 0; i < 8; i++) {
            Fixtures.png(dir.resolve(i + ".png"), 16, 10, i);
            lines.add(i + ".png," + (i % 2 == 0 ? "no" : "yes") + "," + (i == 0 || i == 2 ? "x" : ""));
        }
        manifest(lines.toArray(String[]::new));
        List<String> warnings = new ArrayList<>();
        Dataset d = DatasetReader.read(dir, null, warnings::add);
        assertThat(warnings).containsExactly("warning: 6 image(s) have an empty patient cell (" + dir.resolve("manifest.csv")
                + " lines 3, 5, 6, 7, 8, ...); each is its own group, apart from any other views of its patient");
        assertThat(d.patientCount()).isEqualTo(7);
        List<String> none = new ArrayList<>();
        manifest("image,label", "0.png,no", "1.png,yes");
        DatasetReader.read(dir, null, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void warnsAboutAPatientInBothClasses() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        Fixtures.png(dir.resolve("b.png"), 16, 10, 2);
        manifest("image,label,patient", "a.png,benign,x", "b.png,malignant,x");
        List<String> warnings = new ArrayList<>();
        DatasetReader.read(dir, null, warnings::add);
        assertThat(warnings).singleElement().asString().contains("1 patient(s) have images in both classes");
    }

    @Test
    void missingFolder() {
        assertThatThrownBy(() -> DatasetReader.read(dir.resolve("nope"), null, w -> {}))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("dataset folder not found");
    }

    @Test
    void missingManifest() {
        assertThatThrownBy(this::read).isInstanceOf(BadInputException.class).hasMessageStartingWith("no manifest.csv in");
    }

    @Test
    void missingImageFile() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        manifest("image,label", "a.png,benign", "gone.png,malignant");
        assertThatThrownBy(this::read).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("manifest.csv line 3: image file not found: gone.png");
    }

    @Test
    void missingLabel() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        manifest("image,label", "a.png,");
        assertThatThrownBy(this::read).hasMessageEndingWith("manifest.csv line 2: missing label for a.png");
    }

    @Test
    void missingLabelColumn() throws IOException {
        manifest("image,class", "a.png,benign");
        assertThatThrownBy(this::read).hasMessageContaining("missing required column 'label'");
    }

    @Test
    void thirdClassIsAnUnknownLabel() throws IOException {
        for (String n : List.of("a", "b", "c")) Fixtures.png(dir.resolve(n + ".png"), 16, 10, 1);
        manifest("image,label", "a.png,benign", "b.png,malignant", "c.png,normal");
        assertThatThrownBy(this::read).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("manifest.csv line 4: unknown label 'normal'; pma needs exactly two classes, already saw benign and malignant");
    }

    @Test
    void oneClassOnly() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        Fixtures.png(dir.resolve("b.png"), 16, 10, 1);
        manifest("image,label", "a.png,benign", "b.png,benign");
        assertThatThrownBy(this::read).hasMessageEndingWith("manifest.csv: only one class (benign); pma needs two");
    }

    @Test
    void duplicateIds() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        manifest("image,label", "a.png,benign", "a.png,malignant");
        assertThatThrownBy(this::read).hasMessageEndingWith("manifest.csv line 3: duplicate image id 'a.png' (first at line 2)");
    }

    @Test
    void unknownPositiveClass() throws IOException {
        Fixtures.dataset(dir, 2, 1, 16);
        assertThatThrownBy(() -> DatasetReader.read(dir, "cancer", w -> {}))
                .hasMessageStartingWith("positive class 'cancer' is not a label of");
    }

    @Test
    void pathOutsideTheFolderIsRefused() throws IOException {
        manifest("image,label", "../../etc/passwd,benign", "x.png,malignant");
        assertThatThrownBy(this::read).hasMessageContaining("image path leaves the dataset folder: ../../etc/passwd");
    }

    @Test
    void raggedRow() throws IOException {
        Fixtures.png(dir.resolve("a.png"), 16, 10, 1);
        manifest("image,label,patient", "a.png,benign");
        assertThatThrownBy(this::read).hasMessageEndingWith("manifest.csv line 2: expected 3 fields, found 2");
    }
}
