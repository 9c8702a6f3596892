package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.ledger.LedgerSql;

/** {@code pma benchmark-detection} and {@code pma duplicates} end to end, on tiny data. */
@Tag("engine")
class SecondOpinionsCliTest {
    @TempDir
    Path dir;

    @Test
    void benchmarkFlipsLabelsTrainsAndScoresEveryDetectorOverSeeds() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path out = dir.resolve("bench");
        String[] options = {"--flip-rate", "0.1", "--models", "quick_cnn", "--size", "16", "--epochs", "1", "--patience", "1",
                "--batch", "16", "--repeats", "1", "--min-appearances", "1", "--threads", "1"};
        Pma c = Pma.run(concat(new String[] {"benchmark-detection", data.toString(), "--out", out.toString(), "--seeds", "2"},
                options));
        assertThat(c.code()).as(c.err()).isZero();
        // Seeds are --seed (the quick profile's 7) and 7 + 1, each in its own folder.
        assertThat(c.out()).contains("== seed 7 (1 of 2) -> " + out.resolve("seed-7"))
                .contains("== seed 8 (2 of 2) -> " + out.resolve("seed-8"))
                .contains("flipped the labels of 2 of 24 patient groups (4 of 48 images)")
                .contains("Truth: label_flip (4 bad images of 48;")
                .contains("Over 2 seed(s), truth: all");
        Path seed7 = out.resolve("seed-7");

        List<String> detection = Files.readAllLines(seed7.resolve("detection.csv"));
        assertThat(detection.get(0)).isEqualTo("detector,truth,images,positives,flagged,true_positives,precision,recall,f1,"
                + "average_precision,cut");
        List<String> detectors = List.of("f", "f_tiebroken", "algorithm1", "cl", "forgetting", "aum", "cartography",
                "cartography_correctness", "cartography_variability", "sla", "sla_group", "consensus_rank", "knn_group", "sla_knn",
                "consensus");
        assertThat(detection.stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))).containsExactlyElementsOf(detectors);
        assertThat(detection.subList(1, detection.size())).allSatisfy(l -> assertThat(l).contains(",all,48,4,"));
        assertThat(Files.readAllLines(seed7.resolve("pred_probs.csv"))).hasSize(49);
        assertThat(Files.readAllLines(seed7.resolve("labels.csv"))).hasSize(49);
        assertThat(Files.readAllLines(seed7.resolve("data/truth.csv"))).hasSize(5);
        assertThat(seed7.resolve("detectors.csv")).exists();
        assertThat(Files.readString(seed7.resolve("report.html"))).contains("<span class=\"num\">7</span>Second opinions</h2>");
        assertThat(out.resolve("seed-8/detection.csv")).exists();

        // Every training image of every run has a record per epoch trained.
        long[] counts = LedgerSql.read(seed7.resolve("pma.duckdb"), conn -> {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM epoch_prob), (SELECT sum(r.epochs * t.n) FROM run r JOIN "
                            + "(SELECT iteration, count(*) AS n FROM split WHERE role = 'train' GROUP BY iteration) t "
                            + "USING (iteration))")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
        assertThat(counts[0]).isPositive().isEqualTo(counts[1]);

        // The summary against the per-seed rows, recomputed here: with two seeds the mean is (a + b) / 2,
        // the sd (n - 1) |a - b| / sqrt 2; each seed's difference is its AUPRC minus cl's of that seed.
        List<CSVRecord> perSeed = csv(out.resolve("detection_seeds.csv"));
        assertThat(perSeed).hasSize(2 * detectors.size());
        Map<String, CSVRecord> summary = new HashMap<>();
        for (CSVRecord r : csv(out.resolve("detection_summary.csv"))) summary.put(r.get("detector") + "/" + r.get("truth"), r);
        assertThat(summary).hasSize(detectors.size());
        for (String d : detectors) {
            double[] ap = new double[2], diff = new double[2], precision = new double[2];
            for (int k = 0; k < 2; k++) {
                String seed = Integer.toString(7 + k);
                CSVRecord mine = find(perSeed, seed, d), cl = find(perSeed, seed, "cl");
                ap[k] = num(mine.get("average_precision"));
                precision[k] = num(mine.get("precision"));
                diff[k] = ap[k] - num(cl.get("average_precision"));
                assertThat(num(mine.get("average_precision_minus_cl"))).as(d).isCloseTo(diff[k], within(2e-6));
            }
            CSVRecord s = summary.get(d + "/all");
            assertThat(s.get("seeds")).isEqualTo("2");
            assertThat(num(s.get("average_precision_mean"))).as(d).isCloseTo((ap[0] + ap[1]) / 2, within(2e-6));
            assertThat(num(s.get("average_precision_sd"))).as(d).isCloseTo(Math.abs(ap[0] - ap[1]) / Math.sqrt(2), within(2e-6));
            if (!Double.isNaN(precision[0]) && !Double.isNaN(precision[1])) {
                assertThat(num(s.get("precision_mean"))).as(d).isCloseTo((precision[0] + precision[1]) / 2, within(2e-6));
            }
            assertThat(num(s.get("average_precision_minus_cl_mean"))).as(d).isCloseTo((diff[0] + diff[1]) / 2, within(2e-6));
            // Two non-zero differences of one sign: Wilcoxon V = 3 or 0 of {0..3}, p = 2 * 1/4; sign test
            // 2 * (1/2)^2. Of opposite signs both are 1. With a zero neither is exact; cl has only zeros.
            boolean zero = Math.abs(diff[0]) < 1e-9 || Math.abs(diff[1]) < 1e-9;
            double expected = zero ? Double.NaN : Math.signum(diff[0]) == Math.signum(diff[1]) ? 0.5 : 1.0;
            if (!zero) {
                // (Tied |differences| would take the normal approximation instead.)
                if (Math.abs(diff[0]) != Math.abs(diff[1])) assertThat(num(s.get("wilcoxon_p"))).as(d).isEqualTo(expected);
                assertThat(num(s.get("sign_p"))).as(d).isEqualTo(expected);
            }
        }
        assertThat(summary.get("cl/all").get("wilcoxon_p")).isEmpty();

        // Resuming with a third seed re-scores the finished two without training and trains seed 9 alone.
        Pma again = Pma.run(concat(new String[] {"benchmark-detection", data.toString(), "--out", out.toString(), "--seeds",
                "3", "--resume"}, options));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err().split("5 already in the ledger, 0 to run", -1)).hasSize(3);
        assertThat(again.out()).contains("== seed 9 (3 of 3)").contains("Over 3 seed(s), truth: all");
        assertThat(csv(out.resolve("detection_seeds.csv"))).hasSize(3 * detectors.size());
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (var r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    private static CSVRecord find(List<CSVRecord> rows, String seed, String detector) {
        return rows.stream().filter(r -> r.get("seed").equals(seed) && r.get("detector").equals(detector)
                && r.get("truth").equals("all")).findFirst().orElseThrow();
    }

    private static double num(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    @Test
    void benchmarkRejectsBadOptionsBeforeWritingAnything() throws IOException {
        Path out = dir.resolve("bench");
        Pma c = Pma.run("benchmark-detection", "--out", out.toString(), "--flip-rate", "0.7");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --flip-rate must be between 0 and 0.5, got 0.7");
        assertThat(out).doesNotExist();

        Pma d = Pma.run("benchmark-detection", dir.resolve("nowhere").toString(), "--out", out.toString());
        assertThat(d.errorLine()).isEqualTo("pma: error: no manifest.csv in " + dir.resolve("nowhere"));
        assertThat(out).doesNotExist();

        // Too few patients for 5-fold splits: the flipped copy is removed again.
        Path small = Fixtures.dataset(dir.resolve("small"), 8, 1, 16);
        Pma e = Pma.run("benchmark-detection", small.toString(), "--out", out.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.errorLine()).contains("the 5-fold split needs at least");
        assertThat(out).doesNotExist();
    }

    @Test
    void duplicatesListsACopyFiledUnderTheOtherLabel() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 6, 1, 16);
        Files.copy(data.resolve("images/p000_0.png"), data.resolve("images/copy.png"));
        Files.writeString(data.resolve("all.csv"), Files.readString(data.resolve("manifest.csv"))
                + "images/copy.png,malignant,p9,ptc,0\n");
        Pma c = Pma.run("duplicates", data.resolve("all.csv").toString(), "--out", dir.resolve("dup").toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("7 images: 1 near-identical pair(s); 1 with conflicting labels")
                .contains("images/p000_0.png (benign) ~ images/copy.png (malignant): hash distance 0");
        assertThat(Files.readAllLines(dir.resolve("dup/near_duplicates.csv"))).hasSize(2);

        Pma bad = Pma.run("duplicates", data.toString(), "--out", dir.resolve("dup2").toString(), "--max-distance", "70");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.errorLine()).isEqualTo("pma: error: --max-distance must be between 0 and 64, got 70");
        assertThat(dir.resolve("dup2")).doesNotExist();
    }
}
