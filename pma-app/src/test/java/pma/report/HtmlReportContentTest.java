package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.ledger.Ledger;
import pma.review.SampleLedger;

/**
 * The report rendered from its templates over a fixed ledger whose every number is known from how
 * it was built: 40 patients with one image each, benign and malignant in turn (subtypes colloid and
 * ptc), 3 × 5-fold splits for two models, images 3, 10 and 17 wrong in every run. Image 3 carries a
 * script in its file name and its subtype; it must come out as text.
 */
class HtmlReportContentTest {
    static final String HOSTILE = "<script>alert(1)</script>";
    static final String HOSTILE_ID = "images/p003_<script>.png";
    @TempDir
    static Path dir;

    static String html;

    @BeforeAll
    static void write() throws Exception {
        Ledger ledger = SampleLedger.create(dir.resolve("ledger"), data -> {
            Files.move(data.resolve("images/p003_0.png"), data.resolve(HOSTILE_ID));
            Path manifest = data.resolve("manifest.csv");
            List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
            // Line 0 is the header; image 3 (patient p3, odd, so malignant / ptc) is line 4.
            assertThat(lines.get(4)).isEqualTo("images/p003_0.png,malignant,p3,ptc,1");
            lines.set(4, HOSTILE_ID + ",malignant,p3," + HOSTILE + ",1");
            Files.write(manifest, lines);
        });
        html = Files.readString(HtmlReport.write(ledger, Analysis.of(ledger, AnalysisOptions.defaults()), dir.resolve("out")));
    }

    @Test
    void datasetTableCountsTheFixture() {
        String section = section("dataset");
        assertThat(visible(section)).contains("40 images of 40 patients").contains("positive class malignant");
        // 20 per class, half the images, 20 patients, no masks, all tested; one flagged benign (10), two malignant (3, 17).
        assertThat(section).contains("<td>20</td><td>50%</td><td>20</td><td>0</td><td>20</td><td>1</td>")
                .contains("<td>20</td><td>50%</td><td>20</td><td>0</td><td>20</td><td>2</td>")
                .contains("<td class=\"l\">all</td><td>40</td><td>100%</td><td>40</td><td>0</td><td>40</td><td>3</td>");
        // Subtypes: colloid = 20 benign, ptc = the 19 malignant besides image 3, which has its own (hostile) subtype.
        assertThat(section).contains("<td class=\"l\">colloid</td><td>20</td><td>0</td><td>1</td>")
                .contains("<td class=\"l\">ptc</td><td>0</td><td>19</td><td>1</td>")
                .contains("<td>0</td><td>1</td><td>1</td><td>1.00</td>");
    }

    @Test
    void galleryShowsTheThreeAlwaysWrongImagesWithTheirCounts() {
        String gallery = section("gallery");
        assertThat(html).contains("Flagged images (3)</h2>");
        assertThat(gallery).contains("images/p010_0.png").contains("images/p017_0.png")
                .contains("images/p003_&lt;script&gt;.png");
        // Each image is in one test fold per repeat: 3 per model, 6 over both, all wrong.
        assertThat(count(gallery, "F = 6/6 = <b>1.00</b>")).isEqualTo(3);
        // Wilson 95% interval for 6 of 6: 0.610–1.000 (by hand: centre 0.805, half-width 0.195).
        assertThat(count(gallery, "(0.61–1.00)")).isEqualTo(3);
        assertThat(gallery).contains("FP 6 · FN 0").contains("FP 0 · FN 6"); // benign 10: false positives; malignant 3, 17
        assertThat(count(gallery, "<tr><td>quick_cnn</td><td>3/3</td></tr>")).isEqualTo(3);
    }

    @Test
    void rankingAndFrequencyTablesAgreeWithTheConstruction() {
        String ranking = section("ranking");
        assertThat(count(ranking, "<tr class=\"flagged\">")).isEqualTo(3);
        // The cut of pma's order (confident learning's count, at least one) lies among the three always-wrong
        // images, all flagged: each row says "flagged", or "flagged, suspect"; none is suspect alone.
        int both = count(ranking, "<td class=\"l nowrap\">flagged, suspect</td>");
        assertThat(both).isPositive();
        assertThat(both + count(ranking, "<td class=\"l nowrap\">flagged</td>")).isEqualTo(3);
        assertThat(ranking).doesNotContain("<td class=\"l nowrap\">suspect</td>");
        String frequency = section("frequency");
        assertThat(frequency).contains("<td class=\"l\">flagged</td><td>3 (7.5%)</td>")
                .contains("<td class=\"l\">never tested</td><td>0 (0.0%)</td>")
                .contains("<td class=\"l\">test appearances per image</td><td>6.0 (6–6)</td>");
    }

    @Test
    void aScriptInAnImageIdOrSubtypeIsText() {
        assertThat(html).doesNotContain("<script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(visible(section("ranking"))).contains("images/p003_<script>.png").contains(HOSTILE);
    }

    @Test
    void theSecondOpinionsHeadingAppearsOnce() {
        assertThat(count(visible(html), "Second opinions")).isEqualTo(2); // the contents and the section's own heading
        assertThat(html).doesNotContain("<h3>7. Second opinions</h3>");
    }

    @Test
    void stylesheetIsInlinedFromItsResource() {
        assertThat(html).contains("<style>" + Templates.resource("/pma/report/report.css") + "</style>");
        assertThat(html).doesNotContain("<link");
    }

    private static String section(String id) {
        int from = html.indexOf("<section id=\"" + id + "\">");
        assertThat(from).as(id).isGreaterThanOrEqualTo(0);
        return html.substring(from, html.indexOf("</section>", from));
    }

    /** The text a reader sees: tags dropped, the five entities the templates write decoded. */
    static String visible(String h) {
        return h.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static int count(String s, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
