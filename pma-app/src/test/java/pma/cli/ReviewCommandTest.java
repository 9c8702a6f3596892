package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;
import pma.ledger.Verdicts.Kind;
import pma.review.SampleLedger;

/** {@code pma review}: option checks before anything is opened, the CSV export, a busy port. */
class ReviewCommandTest {
    @TempDir
    Path dir;

    @Test
    void aNonLoopbackHostNeedsAllowRemoteAndIsCheckedFirst() {
        Path missing = dir.resolve("none.duckdb");
        Pma c = Pma.run("review", missing.toString(), "--host", "0.0.0.0");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --host 0.0.0.0 is not a loopback address; the review app has "
                + "no login, so serving it beyond this machine needs --allow-remote");
        assertThat(Pma.run("review", missing.toString(), "--port", "70000").errorLine())
                .isEqualTo("pma: error: --port must be between 0 and 65535, got 70000");
        assertThat(Pma.run("review", missing.toString(), "--host", "::1", "--port", "0").errorLine())
                .isEqualTo("pma: error: ledger not found: " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void exportsTheVerdictHistoryWithTheLatestMarked() throws Exception {
        Ledger ledger = SampleLedger.create(dir);
        Verdicts v = new Verdicts(ledger);
        v.add(3, "Dr. A", Kind.NO_PROBLEM, "");
        v.add(3, "Dr. B", Kind.LABEL_ERROR, "two\nlines, \"quoted\"");
        v.add(10, "Dr. A", Kind.ARTIFACT, "");
        Path csv = dir.resolve("out/verdicts.csv");
        Pma c = Pma.run("review", ledger.file().toString(), "--export", csv.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("verdicts: 3 row(s) written to " + csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("image_index,image,label,subtype,reviewer,verdict,note,created_utc,latest");
        assertThat(lines.get(1)).startsWith("3,images/p003_0.png,malignant,ptc,Dr. A,no_problem,,").endsWith(",false");
        assertThat(lines.get(2)).startsWith("3,images/p003_0.png,malignant,ptc,Dr. B,label_error,\"two");
        assertThat(lines.get(3)).startsWith("lines, \"\"quoted\"\"\",").endsWith(",true");
        assertThat(lines.get(4)).startsWith("10,images/p010_0.png,benign,colloid,Dr. A,artifact,,").endsWith(",true");
    }

    @Test
    void exportedNotesCannotRunAsSpreadsheetFormulas() throws Exception {
        Ledger ledger = SampleLedger.create(dir);
        Verdicts v = new Verdicts(ledger);
        v.add(3, "=cmd|' /C calc'!A0", Kind.LABEL_ERROR, "=HYPERLINK(\"http://evil.example\",\"open\")");
        v.add(10, "@reviewer", Kind.ARTIFACT, "-2+3");
        Path csv = dir.resolve("verdicts.csv");
        Pma c = Pma.run("review", ledger.file().toString(), "--export", csv.toString());
        assertThat(c.code()).as(c.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("3,images/p003_0.png,malignant,ptc,\"'=cmd|' /C calc'!A0\",label_error,"
                + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\",").endsWith(",true");
        assertThat(lines.get(2)).startsWith("10,images/p010_0.png,benign,colloid,\"'@reviewer\",artifact,\"'-2+3\",")
                .endsWith(",true");
    }

    @Test
    void exportToAFolderIsBadInputAndWritesNothing() throws Exception {
        Ledger ledger = SampleLedger.create(dir);
        new Verdicts(ledger).add(3, "Dr. A", Kind.NO_PROBLEM, "");
        Path folder = Files.createDirectories(dir.resolve("out"));
        List<String> before = listing(dir);
        Pma c = Pma.run("review", ledger.file().toString(), "--export", folder.toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err().lines().toList()).containsExactly("pma: error: --export " + folder
                + " is a folder; give the CSV file to write, e.g. " + folder.resolve("verdicts.csv"));
        assertThat(c.out()).isEmpty();
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
        assertThat(listing(dir)).isEqualTo(before);
    }

    private static List<String> listing(Path folder) throws java.io.IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theReportShowsRecordedVerdicts() throws Exception {
        Ledger ledger = SampleLedger.create(dir);
        new Verdicts(ledger).add(3, "Dr. A", Kind.POOR_QUALITY, "blurred");
        Pma c = Pma.run("report", ledger.file().toString(), "--out", dir.resolve("report").toString());
        assertThat(c.code()).as(c.err()).isZero();
        String html = Files.readString(dir.resolve("report/report.html"));
        assertThat(html).contains("Expert verdicts").contains("poor image quality").contains("blurred");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBusyPortIsBadInput() throws Exception {
        Ledger ledger = SampleLedger.create(dir);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Pma c = Pma.run("review", ledger.file().toString(), "--port", Integer.toString(port));
            assertThat(c.code()).isEqualTo(2);
            assertThat(c.errorLine()).isEqualTo("pma: error: --port " + port + " on 127.0.0.1 is already in use "
                    + "(choose another, or 0 for a free one)");
        }
    }
}
