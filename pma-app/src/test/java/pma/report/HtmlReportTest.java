package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;
import pma.ledger.Verdicts.Kind;
import pma.review.SampleLedger;
import pma.stats.Summary;

/** The HTML report over a small hand-made ledger: sections, numbers, verdicts, escaping, self-containment. */
class HtmlReportTest {
    @TempDir
    static Path dir;

    static Ledger ledger;
    static AnalysisResult analysis;
    static String html;

    @BeforeAll
    static void write() throws Exception {
        ledger = SampleLedger.create(dir);
        Verdicts v = new Verdicts(ledger);
        v.add(3, "Dr. A", Kind.NO_PROBLEM, "first look");
        v.add(3, "Dr. B", Kind.LABEL_ERROR, "<script>alert(1)</script> margins");
        v.add(10, "Dr. A", Kind.ATYPICAL, "");
        v.add(0, "Dr. A", Kind.NO_PROBLEM, "a control");
        analysis = Analysis.of(ledger, AnalysisOptions.defaults());
        html = Files.readString(HtmlReport.write(ledger, analysis, dir.resolve("report")));
    }

    @Test
    void hasEverySectionInOrderWithATableOfContents() {
        List<String> titles = List.of("Dataset", "Configuration and seeds", "Training runs", "Table 1 · Test AUC per model",
                "Algorithm 1 · choosing θ",
                "Retraining, intervals and feature rarity", "Second opinions", "Triage · why the flagged images may be wrong", "Figure 1 · AUC against images excluded", "Misclassification frequency F",
                "Flagged images (3)", "Expert verdicts", "Most persistent images", "Provenance");
        int at = 0;
        for (int i = 0; i < titles.size(); i++) {
            String heading = "<span class=\"num\">" + (i + 1) + "</span>" + titles.get(i) + "</h2>";
            int found = html.indexOf(heading, at);
            assertThat(found).as(titles.get(i)).isGreaterThan(at);
            at = found;
            assertThat(html).contains("\">" + titles.get(i) + "</a></li>");
        }
    }

    @Test
    void isSelfContainedAndRunsNoScript() {
        assertThat(html).doesNotContain("http://", "https://", "<script", "src=\"/", "src=\"file:");
        Matcher m = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
        List<String> kinds = new java.util.ArrayList<>();
        while (m.find()) kinds.add(m.group(1).substring(0, m.group(1).indexOf(';')));
        // Charts are line art (PNG); thumbnails are speckle (JPEG).
        assertThat(kinds).containsExactlyInAnyOrder("data:image/png", "data:image/png", "data:image/png",
                "data:image/jpeg", "data:image/jpeg", "data:image/jpeg");
    }

    @Test
    void table1MatchesTheAnalysis() {
        for (var e : analysis.aucByModel().entrySet()) {
            Summary s = e.getValue();
            assertThat(html).contains(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td><td><b>%.3f</b> ± %.3f</td>"
                    + "<td>%.3f</td><td>%.3f</td></tr>", e.getKey(), s.n(), s.mean(), s.sd(), s.min(), s.max()));
        }
    }

    @Test
    void galleryShowsTheLatestVerdictEscaped() {
        String gallery = html.substring(html.indexOf("<div class=\"gallery\">"), html.indexOf("id=\"verdicts\""));
        String card3 = gallery.substring(gallery.indexOf("images/p003_0.png"));
        card3 = card3.substring(0, card3.indexOf("</figure>"));
        assertThat(card3).contains("label error").contains("Dr. B")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; margins")
                .doesNotContain("first look"); // the older verdict on the same image does not count
        assertThat(card3).contains("quick_cnn</td><td>3/3").contains("FP 0 · FN 6");
        assertThat(gallery).doesNotContain("class=\"cam\""); // no maps in this ledger, so no overlays
    }

    @Test
    void verdictSummaryCountsLatestVerdictsPerGroup() {
        String section = html.substring(html.indexOf("id=\"verdicts\""), html.indexOf("id=\"ranking\""));
        assertThat(section).contains(">label error</span></td><td>1</td><td>0</td><td>0</td>")
                .contains(">atypical or rare presentation</span></td><td>1</td><td>0</td><td>0</td>")
                .contains(">no problem</span></td><td>0</td><td>1</td><td>0</td>")
                .contains("<td>2 / 3</td>").contains("from 2 reviewer(s)");
    }

    @Test
    void recordsSeedsAndProvenance() {
        for (var s : ledger.splits()) assertThat(html).contains(s.iteration() + ": " + s.seed());
        assertThat(html).contains("quick_cnn/0: 100").contains(analysis.dataset().fingerprint())
                .contains("pma version (experiment)</th><td>test</td>");
    }

    @Test
    void withoutALedgerThereIsNoVerdictSection() throws Exception {
        String plain = Files.readString(HtmlReport.write(analysis, dir.resolve("plain")));
        assertThat(plain).doesNotContain("Expert verdicts").doesNotContain("class=\"verdict ")
                .contains("<span class=\"num\">11</span>Most persistent images");
    }
}
