package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
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
    void benchmarkFlipsLabelsTrainsAndScoresEveryDetector() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path out = dir.resolve("bench");
        Pma c = Pma.run("benchmark-detection", data.toString(), "--out", out.toString(), "--flip-rate", "0.1",
                "--models", "quick_cnn", "--size", "16", "--epochs", "2", "--patience", "2", "--batch", "16",
                "--repeats", "1", "--min-appearances", "1", "--threads", "1");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("flipped the labels of 2 of 24 patient groups (4 of 48 images)")
                .contains("Truth: label_flip (4 bad images of 48;");

        List<String> detection = Files.readAllLines(out.resolve("detection.csv"));
        assertThat(detection.get(0)).isEqualTo("detector,truth,images,positives,flagged,true_positives,precision,recall,f1,"
                + "average_precision,cut");
        assertThat(detection.stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))).containsExactly("f",
                "f_tiebroken", "algorithm1", "cl", "forgetting", "aum", "cartography", "cartography_correctness",
                "cartography_variability", "consensus");
        assertThat(detection.subList(1, detection.size())).allSatisfy(l -> assertThat(l).contains(",all,48,4,"));
        assertThat(Files.readAllLines(out.resolve("pred_probs.csv"))).hasSize(49);
        assertThat(Files.readAllLines(out.resolve("labels.csv"))).hasSize(49);
        assertThat(Files.readAllLines(out.resolve("data/truth.csv"))).hasSize(5);
        assertThat(out.resolve("detectors.csv")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("7. Second opinions");

        // Every training image of every run has a record per epoch trained.
        long[] counts = LedgerSql.read(out.resolve("pma.duckdb"), conn -> {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM epoch_prob), (SELECT sum(r.epochs * t.n) FROM run r JOIN "
                            + "(SELECT iteration, count(*) AS n FROM split WHERE role = 'train' GROUP BY iteration) t "
                            + "USING (iteration))")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
        assertThat(counts[0]).isPositive().isEqualTo(counts[1]);

        // Re-scoring a finished experiment trains nothing.
        Pma again = Pma.run("benchmark-detection", data.toString(), "--out", out.toString(), "--resume",
                "--min-appearances", "1");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("5 already in the ledger, 0 to run");
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
