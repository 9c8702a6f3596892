package pma.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;

class SyntheticDatasetTest {
    private static final String HEADER = "image,label,patient,subtype,mask,hypoechoic,marked_hypoechoic,"
            + "irregular_shape,ill_defined_margins,taller_than_wide,microcalcifications,macrocalcifications,"
            + "halo,cystic_part,spongiform";
    // Rates well above the defaults so that 20 nodules still plant every kind more than once.
    private static final SyntheticDataset.Options SMALL = new SyntheticDataset.Options(11, 20, 32, 0.1, 0.1, 0.1, 0.1);
    /**
     * Views of SMALL's nodules n0001..n0020 (40 images): 1 + floor(4u), u the first uniform of the
     * SplitMix64 stream mix(mix(11, 6), nodule index), computed by a separate Python SplitMix64.
     */
    private static final int[] SMALL_VIEWS = {1, 2, 1, 3, 2, 2, 1, 4, 3, 2, 4, 1, 2, 4, 1, 2, 2, 1, 1, 1};

    @TempDir
    static Path shared;

    static Path small;
    static SyntheticDataset.Summary smallSummary;

    @BeforeAll
    static void generateSmall() throws IOException {
        small = shared.resolve("small");
        smallSummary = SyntheticDataset.generate(small, SMALL);
    }

    @Test
    void sameOptionsGiveIdenticalBytesInEveryFile(@TempDir Path tmp) throws IOException {
        Path again = tmp.resolve("again");
        SyntheticDataset.Summary summary = SyntheticDataset.generate(again, SMALL);

        Map<String, byte[]> first = readTree(small);
        Map<String, byte[]> second = readTree(again);
        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        assertThat(first).hasSize(3 + 2 * 40); // manifest, truth, README; an image and a mask per view
        for (String file : first.keySet()) {
            assertThat(second.get(file)).as(file).isEqualTo(first.get(file));
        }
        assertThat(summary).isEqualTo(smallSummary);
    }

    @Test
    void differentSeedGivesDifferentData(@TempDir Path tmp) throws IOException {
        Path other = tmp.resolve("other");
        SyntheticDataset.generate(other, new SyntheticDataset.Options(12, 20, 32, 0.1, 0.1, 0.1, 0.1));
        assertThat(Files.readAllBytes(other.resolve("manifest.csv")))
                .isNotEqualTo(Files.readAllBytes(small.resolve("manifest.csv")));
        assertThat(Files.readAllBytes(other.resolve("images/n0001_a.png")))
                .isNotEqualTo(Files.readAllBytes(small.resolve("images/n0001_a.png")));
    }

    @Test
    void manifestHasTheColumnsAndOneToFourViewsPerPatient() throws IOException {
        String text = Files.readString(small.resolve("manifest.csv"), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").doesNotStartWith("\uFEFF").endsWith("\n");
        List<String[]> rows = rows(small.resolve("manifest.csv"));
        assertThat(text.substring(0, text.indexOf('\n'))).isEqualTo(HEADER);
        assertThat(rows).hasSize(40);

        Map<String, List<String[]>> byPatient = new TreeMap<>();
        for (String[] row : rows) {
            assertThat(row).hasSize(15);
            assertThat(row[0]).matches("images/n\\d{4}_[abcd]\\.png");
            assertThat(row[0]).startsWith("images/" + row[2] + "_");
            assertThat(row[4]).isEqualTo(row[0].replace("images/", "masks/"));
            assertThat(row[1]).isIn("benign", "malignant");
            assertThat(row[3]).isIn("colloid", "follicular_adenoma", "thyroiditis", "ptc", "ftc", "mtc", "fvptc");
            for (int c = 5; c < 15; c++) assertThat(row[c]).isIn("0", "1");
            if (row[6].equals("1")) assertThat(row[5]).as("marked implies hypoechoic").isEqualTo("1");
            byPatient.computeIfAbsent(row[2], k -> new ArrayList<>()).add(row);
        }
        assertThat(byPatient).hasSize(SMALL.nodules());
        int nodule = 0;
        for (List<String[]> views : byPatient.values()) {
            assertThat(views).as(views.get(0)[2]).hasSize(SMALL_VIEWS[nodule++]);
            String[] a = views.get(0);
            for (int v = 0; v < views.size(); v++) {
                String[] b = views.get(v);
                assertThat(b[0]).endsWith("_" + "abcd".charAt(v) + ".png");
                for (int c = 1; c < 15; c++) {
                    if (c != 4) assertThat(b[c]).as("column %d of %s", c, b[0]).isEqualTo(a[c]);
                }
            }
        }
        // Unequal patients: all four sizes occur (8 of one view, 7 of two, 2 of three, 3 of four).
        assertThat(byPatient.values().stream().map(List::size).distinct().sorted().toList()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void everyImageAndMaskExistsWithTheRequestedSize() throws IOException {
        for (String[] row : rows(small.resolve("manifest.csv"))) {
            Raster image = read(small.resolve(row[0]));
            Raster mask = read(small.resolve(row[4]));
            assertThat(image.getWidth()).isEqualTo(32);
            assertThat(image.getHeight()).isEqualTo(32);
            assertThat(image.getNumBands()).isEqualTo(1);
            assertThat(mask.getWidth()).isEqualTo(32);
            assertThat(mask.getHeight()).isEqualTo(32);
            int inside = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int m = mask.getSample(x, y, 0);
                    assertThat(m).isIn(0, 255);
                    if (m == 255) inside++;
                }
            }
            assertThat(inside).as(row[4]).isGreaterThan(0).isLessThan(32 * 32 / 2);
        }
    }

    @Test
    void truthFileMatchesSummaryAndManifest() throws IOException {
        List<String[]> truth = rows(small.resolve("truth.csv"));
        assertThat(Files.readAllLines(small.resolve("truth.csv")).get(0))
                .isEqualTo("image,patient,kind,true_label,given_label");
        Map<String, String[]> manifest = new HashMap<>();
        for (String[] row : rows(small.resolve("manifest.csv"))) manifest.put(row[0], row);

        Map<String, Integer> counts = new TreeMap<>();
        for (String[] row : truth) {
            counts.merge(row[2], 1, Integer::sum);
            String[] m = manifest.get(row[0]);
            assertThat(m).as(row[0]).isNotNull();
            assertThat(row[1]).isEqualTo(m[2]);
            assertThat(row[4]).as("given label is the manifest's").isEqualTo(m[1]);
            switch (row[2]) {
                case "label_flip" -> assertThat(row[3]).isNotEqualTo(row[4]);
                case "lookalike_subtype" -> {
                    assertThat(row[3]).isEqualTo("malignant");
                    assertThat(m[3]).isEqualTo("fvptc");
                }
                default -> assertThat(row[2]).isIn("bright_artifact", "dark_gain");
            }
        }
        // round(0.1 x 20) = 2 nodules each: look-alikes n0015 and n0001 (one view each), flips n0004
        // (three views) and n0018 (one), the first four of the nodule permutation (Python SplitMix64);
        // round(0.1 x 40) = 4 images each with an artifact and with dark gain.
        assertThat(smallSummary.plantedByKind())
                .containsExactly(Map.entry("label_flip", 4), Map.entry("lookalike_subtype", 2),
                        Map.entry("bright_artifact", 4), Map.entry("dark_gain", 4), Map.entry("shortcut_artifact", 0));
        Map<String, Integer> plantedRows = new TreeMap<>(smallSummary.plantedByKind());
        plantedRows.values().removeIf(c -> c == 0);
        assertThat(counts).isEqualTo(plantedRows);

        // Flips and look-alikes pick whole nodules: every view, and never the same nodule.
        Map<String, List<String>> kindsByPatient = new TreeMap<>();
        for (String[] row : truth) kindsByPatient.computeIfAbsent(row[1], k -> new ArrayList<>()).add(row[2]);
        Map<String, Long> viewsOf = new TreeMap<>();
        for (String[] row : manifest.values()) viewsOf.merge(row[2], 1L, Long::sum);
        for (Map.Entry<String, List<String>> e : kindsByPatient.entrySet()) {
            long flips = e.getValue().stream().filter("label_flip"::equals).count();
            long lookalikes = e.getValue().stream().filter("lookalike_subtype"::equals).count();
            assertThat(flips).isIn(0L, viewsOf.get(e.getKey()));
            assertThat(lookalikes).isIn(0L, viewsOf.get(e.getKey()));
            assertThat(flips * lookalikes).isZero();
        }
        assertThat(truth.stream().filter(r -> r[2].equals("label_flip")).map(r -> r[1]).distinct().sorted())
                .containsExactly("n0004", "n0018");
        // Only planted look-alikes carry the fvptc subtype.
        assertThat(manifest.values().stream().filter(r -> r[3].equals("fvptc")).map(r -> r[2]).sorted())
                .containsExactly("n0001", "n0015");
    }

    @Test
    void summaryCountsTheManifest() throws IOException {
        List<String[]> rows = rows(small.resolve("manifest.csv"));
        long malignant = rows.stream().filter(r -> r[1].equals("malignant")).count();
        assertThat(smallSummary.images()).isEqualTo(40); // the sum of SMALL_VIEWS
        assertThat(smallSummary.patients()).isEqualTo(20);
        assertThat(smallSummary.malignant()).isEqualTo(malignant);
        assertThat(smallSummary.benign()).isEqualTo(40 - malignant);
    }

    @Test
    void noTruthLeaksIntoTheManifest() throws IOException {
        String header = Files.readAllLines(small.resolve("manifest.csv")).get(0);
        assertThat(header.split(",")).doesNotContain("kind", "true_label", "given_label", "view", "planted",
                "label_flip", "lookalike_subtype", "bright_artifact", "dark_gain");
        assertThat(Files.readString(small.resolve("manifest.csv")))
                .doesNotContain("flip", "artifact", "dark", "lookalike", "truth");
    }

    @Test
    void readmeNamesTheFilesAndOptions() throws IOException {
        String readme = Files.readString(small.resolve("README.txt"));
        assertThat(readme).contains("manifest.csv", "truth.csv", "--seed 11", "--nodules 20", "--size 32",
                "--flip-rate 0.1");
    }

    @Test
    void plantedArtifactsAreSaturatedAndOutsideTheNodule() throws IOException {
        for (String[] row : rows(small.resolve("truth.csv"))) {
            if (!row[2].equals("bright_artifact")) continue;
            Raster image = read(small.resolve(row[0]));
            Raster mask = read(small.resolve(row[0].replace("images/", "masks/")));
            int saturatedOutside = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if (image.getSample(x, y, 0) == 255 && mask.getSample(x, y, 0) == 0) saturatedOutside++;
                }
            }
            assertThat(saturatedOutside).as(row[0]).isPositive();
        }
    }

    @Test
    void darkGainImagesAreMuchDarker() throws IOException {
        List<String> dark = new ArrayList<>();
        for (String[] row : rows(small.resolve("truth.csv"))) {
            if (row[2].equals("dark_gain")) dark.add(row[0]);
        }
        double darkSum = 0;
        double otherSum = 0;
        int others = 0;
        for (String[] row : rows(small.resolve("manifest.csv"))) {
            double mean = mean(read(small.resolve(row[0])));
            if (dark.contains(row[0])) {
                darkSum += mean;
            } else {
                otherSum += mean;
                others++;
            }
        }
        assertThat(darkSum / dark.size()).isLessThan(0.5 * otherSum / others);
    }

    /**
     * Malignant nodules are more often hypoechoic, so relative to the parenchyma at the same depth
     * they must be darker on average. Needs enough nodules for the class means to be stable.
     */
    @Test
    void malignantNodulesAreDarkerThanBenignOnes(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("signal");
        SyntheticDataset.generate(dir, new SyntheticDataset.Options(5, 200, 32, 0, 0, 0, 0));
        double[] sum = new double[2];
        int[] count = new int[2];
        for (String[] row : rows(dir.resolve("manifest.csv"))) {
            double ratio = noduleToSameRowBackground(read(dir.resolve(row[0])), read(dir.resolve(row[4])));
            int c = row[1].equals("malignant") ? 1 : 0;
            sum[c] += ratio;
            count[c]++;
        }
        assertThat(count[0]).isGreaterThan(100);
        assertThat(count[1]).isGreaterThan(100);
        assertThat(sum[1] / count[1]).isLessThan(sum[0] / count[0] - 0.05);
    }

    @Test
    void smallestSizeAndZeroRatesWork(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("tiny");
        SyntheticDataset.Summary summary = SyntheticDataset.generate(dir, new SyntheticDataset.Options(-3, 10, 16, 0, 0, 0, 0));
        // Views 4, 3, 3, 2, 4, 2, 3, 1, 1, 3 (Python SplitMix64, as for SMALL_VIEWS): 26 images.
        assertThat(summary.images()).isEqualTo(26);
        assertThat(summary.plantedByKind().values()).containsOnly(0);
        assertThat(Files.readString(dir.resolve("truth.csv"))).isEqualTo("image,patient,kind,true_label,given_label\n");
        assertThat(read(dir.resolve("images/n0010_c.png")).getWidth()).isEqualTo(16);
        assertThat(dir.resolve("images/n0010_d.png")).doesNotExist();
        assertThat(rows(dir.resolve("manifest.csv"))).noneMatch(r -> r[3].equals("fvptc"));
    }

    /**
     * One to four views with equal chances: the default 300 nodules have 758 views in all (Python
     * SplitMix64 over the same streams), near the expected 300 x 2.5 = 750, every count present.
     */
    @Test
    void viewCountsFollowTheirOwnStream() {
        assertThat(SyntheticDataset.viewCounts(11, 20)).containsExactly(SMALL_VIEWS);
        int[] defaults = SyntheticDataset.viewCounts(7, 300);
        assertThat(java.util.Arrays.stream(defaults).sum()).isEqualTo(758);
        assertThat(java.util.Arrays.stream(defaults).distinct().sorted().toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void defaultsAreAsDocumented() {
        assertThat(SyntheticDataset.Options.defaults())
                .isEqualTo(new SyntheticDataset.Options(7, 300, 64, 0.05, 0.03, 0.05, 0.04));
    }

    @Test
    void optionsAreValidatedWithOneLineMessagesNamingTheOption() {
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 3, 64, 0.05, 0.03, 0.05, 0.04))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--nodules must be at least 10, got 3");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 8, 0.05, 0.03, 0.05, 0.04))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--size must be between 16 and 1024 pixels, got 8");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 2048, 0.05, 0.03, 0.05, 0.04))
                .hasMessage("--size must be between 16 and 1024 pixels, got 2048");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 64, 0.7, 0.03, 0.05, 0.04))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--flip-rate must be between 0 and 0.5, got 0.7");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 64, 0.05, -0.1, 0.05, 0.04))
                .hasMessage("--lookalike-rate must be between 0 and 0.5, got -0.1");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 64, 0.05, 0.03, Double.NaN, 0.04))
                .hasMessage("--artifact-rate must be between 0 and 0.5, got NaN");
        assertThatThrownBy(() -> new SyntheticDataset.Options(7, 300, 64, 0.05, 0.03, 0.05, 0.51))
                .hasMessage("--dark-gain-rate must be between 0 and 0.5, got 0.51");
    }

    @Test
    void refusesANonEmptyOutputFolderButAcceptsAnEmptyOne(@TempDir Path tmp) throws IOException {
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        SyntheticDataset.Options options = new SyntheticDataset.Options(1, 10, 16, 0, 0, 0, 0);
        assertThatThrownBy(() -> SyntheticDataset.generate(full, options))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(full.toString())
                .hasMessageNotContaining("\n");
        assertThat(Files.list(full).count()).isEqualTo(1);

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> SyntheticDataset.generate(file, options))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        SyntheticDataset.generate(empty, options);
        assertThat(empty.resolve("manifest.csv")).exists();
    }

    private static double noduleToSameRowBackground(Raster image, Raster mask) {
        double inside = 0;
        double outside = 0;
        int nIn = 0;
        int nOut = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            boolean rowHasNodule = false;
            for (int x = 0; x < image.getWidth(); x++) rowHasNodule |= mask.getSample(x, y, 0) > 0;
            if (!rowHasNodule) continue; // brightness falls with depth, so compare like with like
            for (int x = 0; x < image.getWidth(); x++) {
                if (mask.getSample(x, y, 0) > 0) {
                    inside += image.getSample(x, y, 0);
                    nIn++;
                } else {
                    outside += image.getSample(x, y, 0);
                    nOut++;
                }
            }
        }
        return (inside / nIn) / Math.max(1e-9, outside / nOut);
    }

    private static double mean(Raster r) {
        double sum = 0;
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) sum += r.getSample(x, y, 0);
        }
        return sum / (r.getWidth() * r.getHeight());
    }

    private static Raster read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        return image.getRaster();
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) out.add(line.split(",", -1));
        return out;
    }

    private static Map<String, byte[]> readTree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
