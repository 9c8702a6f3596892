package pma.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;

/** Importers on tiny datasets in their original layouts. */
class ImportersTest {
    @TempDir
    Path dir;

    // ---------- folders

    @Test
    void foldersCopiesEachClassFolder() throws IOException {
        Path src = dir.resolve("src");
        Fixtures.png(src.resolve("cats/a.png"), 12, 50, 1);
        jpeg(src.resolve("dogs/b.jpg"), 12, 200);
        Fixtures.png(src.resolve("dogs/sub/c.png"), 12, 210, 2);
        Files.writeString(src.resolve("dogs/notes.txt"), "x");
        Path out = dir.resolve("out");
        ImportSummary s = Importers.folders(src, out, null, false);
        assertThat(s.images()).containsEntry("cats", 1).containsEntry("dogs", 2);
        assertThat(s.skipped()).containsEntry("files that are not PNG, JPEG or DICOM images", 1);
        assertThat(Files.readAllLines(out.resolve("manifest.csv"))).containsExactly("image,label",
                "images/cats/a.png,cats", "images/dogs/b.jpg,dogs", "images/dogs/sub/c.png,dogs");
        assertThat(Files.mismatch(src.resolve("dogs/b.jpg"), out.resolve("images/dogs/b.jpg"))).isEqualTo(-1);
        assertThat(Files.readAllLines(out.resolve(Importers.SUMMARY))).contains(
                "3 images (cats 1, dogs 2), 3 patients, 0 with a lesion mask");
        Dataset d = DatasetReader.read(out, null, w -> {});
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.positiveClass()).isEqualTo("dogs");
    }

    @Test
    void foldersNeedsExactlyTwoClassesOrAChoice() throws IOException {
        Path src = dir.resolve("src");
        for (String c : List.of("a", "b", "c")) Fixtures.png(src.resolve(c + "/x.png"), 12, 50, 1);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> Importers.folders(src, out, null, false)).isInstanceOf(BadInputException.class)
                .hasMessage(src + ": found 3 class folder(s) (a, b, c); pma needs exactly two (pick two with --classes)");
        assertThatThrownBy(() -> Importers.folders(src, out, List.of("a", "z"), false))
                .hasMessage("--classes: no folder 'z' in " + src + " (folders: a, b, c)");
        assertThat(out).doesNotExist();
        ImportSummary s = Importers.folders(src, out, List.of("c", "a"), false);
        assertThat(s.images()).containsOnlyKeys("a", "c");
        assertThat(s.notes()).contains("class folders not taken: b");
    }

    @Test
    void refusesNonEmptyOutWithoutForceAndReplacesWithForce() throws IOException {
        Path src = dir.resolve("src");
        Fixtures.png(src.resolve("a/x.png"), 12, 50, 1);
        Fixtures.png(src.resolve("b/y.png"), 12, 50, 1);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> Importers.folders(src, out, null, false)).isInstanceOf(BadInputException.class)
                .hasMessage("--out " + out + " is not empty; add --force to replace it");
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("mine");
        Importers.folders(src, out, null, true);
        assertThat(out.resolve("keep.txt")).doesNotExist();
        assertThat(out.resolve("manifest.csv")).exists();
        assertThat(siblings()).containsExactlyInAnyOrder("src", "out");
    }

    @Test
    void emptyOutIsFineAndOutInsideSourceIsRefused() throws IOException {
        Path src = dir.resolve("src");
        Fixtures.png(src.resolve("a/x.png"), 12, 50, 1);
        Fixtures.png(src.resolve("b/y.png"), 12, 50, 1);
        Files.createDirectories(dir.resolve("empty"));
        assertThat(Importers.folders(src, dir.resolve("empty"), null, false).total()).isEqualTo(2);
        assertThatThrownBy(() -> Importers.folders(src, src.resolve("a/out"), null, true))
                .hasMessage("--out " + src.resolve("a/out") + " lies inside the source folder " + src + "; choose another path");
        assertThatThrownBy(() -> Importers.folders(src, dir, null, true))
                .hasMessage("--out " + dir + " contains the source folder " + src + "; choose another path");
        assertThatThrownBy(() -> Importers.folders(dir.resolve("nope"), dir.resolve("o"), null, true))
                .hasMessage("source folder not found: " + dir.resolve("nope"));
    }

    // ---------- BUSI

    private Path busi() throws IOException {
        Path src = dir.resolve("BUSI");
        for (int i = 1; i <= 2; i++) {
            Fixtures.png(src.resolve("benign/benign (" + i + ").png"), 20, 90, i);
            mask(src.resolve("benign/benign (" + i + ")_mask.png"), 20, 0, 0, 5, 5);
            Fixtures.png(src.resolve("malignant/malignant (" + i + ").png"), 20, 150, i);
            mask(src.resolve("malignant/malignant (" + i + ")_mask.png"), 20, 10, 10, 4, 4);
        }
        Fixtures.png(src.resolve("malignant/malignant (10).png"), 20, 150, 10);
        mask(src.resolve("malignant/malignant (10)_mask.png"), 20, 0, 0, 2, 2);
        mask(src.resolve("malignant/malignant (10)_mask_1.png"), 20, 18, 18, 2, 2);
        Fixtures.png(src.resolve("normal/normal (1).png"), 20, 60, 1);
        mask(src.resolve("normal/normal (1)_mask.png"), 20, 0, 0, 0, 0);
        mask(src.resolve("normal/normal (7)_mask.png"), 20, 0, 0, 0, 0); // its image is missing
        Files.writeString(src.resolve("benign/Thumbs.db"), "x");
        return src;
    }

    @Test
    void busiMergesMasksAndLeavesNormalOut() throws IOException {
        Path out = dir.resolve("data");
        ImportSummary s = Importers.busi(busi(), out, false, false);
        assertThat(s.images()).containsEntry("benign", 2).containsEntry("malignant", 3);
        assertThat(s.masks()).isEqualTo(5);
        assertThat(s.skipped()).containsEntry("normal images (pma needs two classes; --keep-normal merges them into benign)", 1)
                .containsEntry("masks without their image", 1).containsEntry("files that are not PNG or JPEG images", 1);
        assertThat(s.notes()).contains("1 images have several lesion masks, merged by union (n_masks in meta.csv)");
        List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        assertThat(manifest).containsExactly("image,label,mask",
                "images/benign_001.png,benign,masks/benign_001.png", "images/benign_002.png,benign,masks/benign_002.png",
                "images/malignant_001.png,malignant,masks/malignant_001.png",
                "images/malignant_002.png,malignant,masks/malignant_002.png",
                "images/malignant_010.png,malignant,masks/malignant_010.png");
        BufferedImage union = ImageIO.read(out.resolve("masks/malignant_010.png").toFile());
        assertThat(union.getRaster().getSample(0, 0, 0)).isEqualTo(255);
        assertThat(union.getRaster().getSample(19, 19, 0)).isEqualTo(255);
        assertThat(union.getRaster().getSample(10, 10, 0)).isZero();
        assertThat(Files.readAllLines(out.resolve("meta.csv"))).contains("images/malignant_010.png,malignant/malignant (10).png,20,20,2");
        assertThat(DatasetReader.read(out, null, w -> {}).size()).isEqualTo(5);
    }

    @Test
    void busiKeepNormalMergesItIntoBenignWithASubtype() throws IOException {
        Path out = dir.resolve("data");
        ImportSummary s = Importers.busi(busi(), out, true, false);
        assertThat(s.images()).containsEntry("benign", 3).containsEntry("malignant", 3);
        assertThat(Files.readAllLines(out.resolve("manifest.csv"))).first().isEqualTo("image,label,mask,subtype");
        assertThat(Files.readAllLines(out.resolve("manifest.csv"))).contains("images/normal_001.png,benign,,normal",
                "images/benign_001.png,benign,masks/benign_001.png,benign");
        assertThat(DatasetReader.read(out, null, w -> {}).images().stream().filter(r -> r.subtype().equals("normal"))).hasSize(1);
    }

    @Test
    void busiFailureLeavesNothing() throws IOException {
        Path src = busi();
        mask(src.resolve("malignant/malignant (2)_mask.png"), 30, 0, 0, 3, 3);
        Path out = dir.resolve("data");
        assertThatThrownBy(() -> Importers.busi(src, out, false, false)).isInstanceOf(BadInputException.class)
                .hasMessage("malignant/malignant (2)_mask.png: mask is 30x30 but its image is 20x20");
        assertThat(siblings()).containsExactly("BUSI");
    }

    @Test
    void busiWithoutItsFolders() throws IOException {
        Files.createDirectories(dir.resolve("x/benign"));
        assertThatThrownBy(() -> Importers.busi(dir.resolve("x"), dir.resolve("o"), false, false))
                .hasMessage(dir.resolve("x") + ": no malignant/ folder (BUSI's layout is benign/, malignant/ and normal/)");
    }

    // ---------- DDTI

    private static String caseXml(int number, String tirads, String composition, String margins, String calc, String marks) {
        return "<?xml version=\"1.0\"?>\n<case>\n  <number>" + number + "</number>\n  <age>40</age>\n  <sex>u</sex>\n"
                + "  <composition>" + composition + "</composition>\n  <echogenicity>isoechogenicity</echogenicity>\n"
                + "  <margins>" + margins + "</margins>\n  <calcifications>" + calc + "</calcifications>\n"
                + "  <tirads>" + tirads + "</tirads>\n  <reportbacaf></reportbacaf>\n  <reporteco>ARROW: TRACHEA</reporteco>\n"
                + marks + "</case>\n";
    }

    private static String mark(int image, String svg) {
        return "  <mark>\n    <image>" + image + "</image>\n    <svg>" + svg + "\n    </svg>\n  </mark>\n";
    }

    private static final String SQUARE = "[{\"points\": [{\"x\": 2, \"y\": 2}, {\"x\": 12, \"y\": 2}, {\"x\":\n 12, \"y\": 12},"
            + " {\"x\": 2, \"y\": 12}], \"annotation\": {}, \"regionType\": \"freehand\"}]";
    private static final String TWO = "[{\"points\": [{\"x\": 0, \"y\": 0}, {\"x\": 4, \"y\": 0}, {\"x\": 4, \"y\": 4}, {\"x\": 0, \"y\": 4}]},"
            + " {\"points\": [{\"x\": 20, \"y\": 10}, {\"x\": 24, \"y\": 10}, {\"x\": 24, \"y\": 14}, {\"x\": 20, \"y\": 14}]}]";

    private Path ddti() throws IOException {
        Path src = dir.resolve("DDTI");
        Files.createDirectories(src.resolve("gt"));
        Files.writeString(src.resolve("gt/1.xml"), caseXml(1, "3", "dense", "ill- defined", "microcalcifications", mark(1, SQUARE)));
        Files.writeString(src.resolve("gt/2.xml"), caseXml(2, "4b", "predominantly solid", "well defined smooth", "non",
                mark(1, TWO) + mark(3, SQUARE)));
        Files.writeString(src.resolve("gt/3.xml"), caseXml(3, "", "solid", "spiculated", "", mark(1, SQUARE)));
        Files.writeString(src.resolve("gt/10.xml"), caseXml(10, "5", "solid", "wavy", "macrocalcification", ""));
        Files.writeString(src.resolve("gt/other.xml"), "<annotation/>");
        jpeg(src.resolve("images/valid/1_1.jpg"), 32, 100);
        jpeg(src.resolve("images/valid/2_1.jpg"), 32, 160);
        jpeg(src.resolve("images/undefined/2_2.jpg"), 32, 160);
        jpeg(src.resolve("images/valid/3_1.jpg"), 32, 160);
        jpeg(src.resolve("images/valid/10_1.jpg"), 32, 160);
        jpeg(src.resolve("images/valid/99_1.jpg"), 32, 160);
        return src;
    }

    @Test
    void ddtiLabelsFromTiradsFeaturesAndRasterisedMasks() throws IOException {
        Path out = dir.resolve("data");
        ImportSummary s = Importers.ddti(ddti(), out, false);
        assertThat(s.images()).containsEntry("benign", 1).containsEntry("malignant", 3);
        assertThat(s.patients()).isEqualTo(3);
        assertThat(s.masks()).isEqualTo(2);
        assertThat(s.skipped())
                .containsEntry("images of cases whose TI-RADS is not 2, 3, 4a, 4b, 4c or 5 ((empty): 1)", 1)
                .containsEntry("images without a case XML", 1)
                .containsEntry("XML files that are not DDTI cases", 1)
                .containsEntry("outlines that name an image file not found", 1);
        assertThat(s.notes()).contains("1 images have two outlines (often two views side by side, or two nodules)",
                "unrecognised margins 'wavy' kept as written (1 images)");
        assertThat(Files.readAllLines(out.resolve("manifest.csv"))).containsExactly(
                "image,label,patient,mask,tirads,composition,echogenicity,margins,calcifications",
                "images/1_1.jpg,benign,1,masks/1_1.png,3,solid,isoechoic,ill_defined,micro",
                "images/2_1.jpg,malignant,2,masks/2_1.png,4b,predominantly_solid,isoechoic,well_defined,none",
                "images/2_2.jpg,malignant,2,,4b,predominantly_solid,isoechoic,well_defined,none",
                "images/10_1.jpg,malignant,10,,5,solid,isoechoic,wavy,macro");
        assertThat(Files.readAllLines(out.resolve("meta.csv"))).contains(
                "images/2_1.jpg,,40,2,ARROW: TRACHEA,images/valid/2_1.jpg");
        BufferedImage square = ImageIO.read(out.resolve("masks/1_1.png").toFile());
        assertThat(square.getWidth()).isEqualTo(32);
        assertThat(lit(square)).isEqualTo(100); // the 10x10 square, pixel centres inside
        BufferedImage two = ImageIO.read(out.resolve("masks/2_1.png").toFile());
        assertThat(lit(two)).isEqualTo(32);
        assertThat(two.getRaster().getSample(1, 1, 0)).isEqualTo(255);
        assertThat(two.getRaster().getSample(21, 11, 0)).isEqualTo(255);
        Dataset d = DatasetReader.read(out, null, w -> {});
        assertThat(d.featureColumns()).containsExactly("tirads", "composition", "echogenicity", "margins", "calcifications");
        assertThat(d.patientCount()).isEqualTo(3);
    }

    @Test
    void ddtiBadOutlineNamesTheFile() throws IOException {
        Path src = ddti();
        Files.writeString(src.resolve("gt/1.xml"), caseXml(1, "3", "", "", "", mark(1, "[{\"points\": [")));
        assertThatThrownBy(() -> Importers.ddti(src, dir.resolve("data"), false)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("gt/1.xml: outline of image 1 is not valid JSON");
        assertThat(siblings()).containsExactly("DDTI");
    }

    @Test
    void ddtiRefusesEntitiesAndBrokenXml() throws IOException {
        Path src = ddti();
        Files.writeString(src.resolve("gt/1.xml"), "<!DOCTYPE case [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><case>&x;</case>");
        assertThatThrownBy(() -> Importers.ddti(src, dir.resolve("data"), false)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("gt/1.xml: not valid XML");
    }

    @Test
    void vocabularyNormalisesDdtiSpellings() {
        assertThat(Vocabulary.normalise("margins", " Well  defined smooth ")).isEqualTo("well_defined");
        assertThat(Vocabulary.normalise("echogenicity", "marked hypoechogenicity")).isEqualTo("marked_hypoechoic");
        assertThat(Vocabulary.normalise("calcifications", "macrocalcifications")).isEqualTo("macro");
        assertThat(Vocabulary.normalise("composition", "")).isEmpty();
        assertThat(DdtiImporter.label("4c")).isEqualTo("malignant");
        assertThat(DdtiImporter.label("1")).isNull();
    }

    // ---------- helpers

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long lit(BufferedImage m) {
        long n = 0;
        for (int y = 0; y < m.getHeight(); y++) for (int x = 0; x < m.getWidth(); x++) if (m.getRaster().getSample(x, y, 0) > 127) n++;
        return n;
    }

    static void jpeg(Path file, int size, int level) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.getRaster().setSample(x, y, 0, level);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "jpg", file.toFile());
    }

    static void mask(Path file, int size, int x0, int y0, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); // BUSI masks are often RGB
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) img.setRGB(x, y, 0xFFFFFF);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
