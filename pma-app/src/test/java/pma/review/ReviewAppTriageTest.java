package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;

/**
 * The triage in the review app: each queue row's reason tags, each reason's figures on the image
 * page, and previous/next within a queue narrowed to a reason. Every expected value is worked out
 * by hand in {@link TriageFixture}.
 */
class ReviewAppTriageTest {
    static final Pattern ROW = Pattern.compile("<tr><td>\\d+</td><td class=\"l\"><a href=\"([^\"]+)\">([^<]+)</a>.*?</tr>");
    static final Pattern TAG = Pattern.compile("data-reason=\"([a-z_]+)\"");
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;

    static Ledger ledger;
    static ReviewApp app;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        ledger = TriageFixture.create(dir);
        AnalysisResult analysis = Analysis.of(ledger, TriageFixture.options());
        assertThat(analysis.flagged()).extracting(s -> s.image().index()).containsExactlyElementsOf(TriageFixture.FLAGGED);
        app = ReviewApp.start(ledger, analysis, new ReviewApp.Settings("127.0.0.1", 0, false));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @Test
    void eachQueueRowShowsItsReasonTags() throws Exception {
        Map<String, List<String>> flagged = tags(get("?queue=flagged"));
        assertThat(flagged).containsExactly(
                Map.entry("images/p017_0.png", List.of("duplicate_conflict")),
                Map.entry("images/p003_0.png", List.of("label_issue")),
                Map.entry("images/p010_0.png", List.of("ambiguous")),
                Map.entry("images/p007_0.png", List.of()),
                Map.entry("images/p005_0.png", List.of("label_issue")));
        String page = get("?queue=flagged");
        assertThat(page).contains("<a class=\"reason\" href=\"/?queue=flagged&amp;reason=label_issue\" "
                + "data-reason=\"label_issue\">label issue</a>");

        Map<String, List<String>> controls = tags(get("?queue=controls"));
        assertThat(controls).hasSize(35);
        assertThat(controls.get("images/p016_0.png")).containsExactly("duplicate_conflict");
        assertThat(controls.get("images/p018_0.png")).containsExactly("ambiguous");
        assertThat(controls.get("images/p038_0.png")).containsExactly("ambiguous");
        assertThat(controls.get("images/p000_0.png")).isEmpty();
        assertThat(controls.get("images/p039_0.png")).isEmpty();
    }

    @Test
    void aQueueNarrowedToAReasonKeepsItInItsLinks() throws Exception {
        String page = get("?queue=flagged&reason=label_issue");
        assertThat(hrefs(page)).containsExactly("/item/3?queue=flagged&amp;reason=label_issue",
                "/item/5?queue=flagged&amp;reason=label_issue");
        // The first unreviewed one: 3, or 5 once the verdict test has saved one on 3.
        assertThat(page).containsPattern("id=\"start\" href=\"/item/[35]\\?queue=flagged&amp;reason=label_issue\"")
                .contains("<a id=\"all\" href=\"/?queue=flagged\">show all</a>");
    }

    @Test
    void labelIssueSaysHowConfidentlyTheOtherClassAndByHowManyModels() throws Exception {
        assertThat(reason(get("item/3?queue=flagged"), "label_issue")).contains("All 2 models that tested it give the other "
                + "class, benign, a mean probability of at least 0.85; no other image of patient p3 was tested; wrong in 6 "
                + "of 6 tests.").contains("confident-learning threshold for benign");
        assertThat(reason(get("item/5?queue=flagged"), "label_issue")).contains("a mean probability of at least 0.80;");
    }

    @Test
    void ambiguousGivesTheDistanceTheSdAndTheirCuts() throws Exception {
        String page = get("item/10?queue=flagged");
        assertThat(reason(page, "ambiguous")).contains("Mean distance of its probability from the decision threshold 0.100; "
                + "standard deviation over its 6 tests 0.103.").contains("Distance at most 0.167 (lower quartile over the "
                + "images) and standard deviation at least 0.052 (upper quartile).");
        assertThat(page).doesNotContain("id=\"reason-label_issue\"");
    }

    @Test
    void duplicateConflictLinksToTheOtherImageInTheSameQueue() throws Exception {
        assertThat(reason(get("item/17?queue=flagged"), "duplicate_conflict")).contains("A near-duplicate is labelled benign, "
                + "this image malignant: <a href=\"/item/16?queue=flagged\">images/p016_0.png</a>");
        assertThat(reason(get("item/16?queue=controls"), "duplicate_conflict")).contains("A near-duplicate is labelled "
                + "malignant, this image benign: <a href=\"/item/17?queue=controls\">images/p017_0.png</a>");
    }

    @Test
    void aFlaggedImageWithoutReasonSaysSoAndAnUnflaggedOneSaysNothing() throws Exception {
        String seven = get("item/7?queue=flagged");
        assertThat(seven).contains("<p class=\"muted\" id=\"triage-none\">No triage reason: none of the rules holds for "
                + "this image.</p>").doesNotContain("id=\"triage\"")
                .contains("Not checked: no feature distances in the ledger")
                .contains("Not checked: no class-activation maps in the ledger");
        String zero = get("item/0?queue=controls");
        assertThat(zero).doesNotContain("<h2>Triage</h2>").doesNotContain("triage-none").doesNotContain("Not checked");
    }

    @Test
    void previousAndNextStayInTheQueueNarrowedToAReason() throws Exception {
        // The whole flagged queue is 17, 3, 10, 7, 5 (TriageFixture); its label issues are 3 and 5.
        assertThat(pager(get("item/3?queue=flagged"))).containsExactly("/item/17?queue=flagged", "/item/10?queue=flagged");
        assertThat(pager(get("item/3?queue=flagged&reason=label_issue")))
                .containsExactly(null, "/item/5?queue=flagged&amp;reason=label_issue");
        String five = get("item/5?queue=flagged&reason=label_issue");
        assertThat(pager(five)).containsExactly("/item/3?queue=flagged&amp;reason=label_issue", null);
        assertThat(five).contains("<span class=\"where\">2 of 2 flagged (label issue) · ")
                .contains("<input type=\"hidden\" name=\"reason\" value=\"label_issue\">");
        assertThat(pager(get("item/5?queue=flagged"))).containsExactly("/item/7?queue=flagged", null);
        // Controls, least suspect first (rank reversed): the ambiguous ones are the A images, by sla_group
        // (numpy on the fixture's ledger) 22, 34, 18, 28, 24, 30, 32, 38, 20, 26, 36.
        assertThat(pager(get("item/28?queue=controls&reason=ambiguous"))).containsExactly(
                "/item/18?queue=controls&amp;reason=ambiguous", "/item/24?queue=controls&amp;reason=ambiguous");
        assertThat(status("item/3?queue=flagged&reason=bogus")).isEqualTo(400);
    }

    @Test
    void savingAVerdictMovesOnWithinTheNarrowedQueue() throws Exception {
        String page = get("item/3?queue=flagged&reason=label_issue");
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).isTrue();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", m.group(1));
        form.put("image", "3");
        form.put("verdict", "label_error");
        form.put("reviewer", "Dr. Test");
        form.put("queue", "flagged");
        form.put("reason", "label_issue");
        int before = new Verdicts(ledger).history().size();
        HttpResponse<String> r = post(form);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).hasValue("/item/5?queue=flagged&reason=label_issue&saved=3");
        assertThat(new Verdicts(ledger).history()).hasSize(before + 1);

        form.put("reason", "nonsense");
        assertThat(post(form).statusCode()).isEqualTo(400);
        assertThat(new Verdicts(ledger).history()).hasSize(before + 1);
    }

    /** Each row's image and its reason tags, in queue order. */
    static Map<String, List<String>> tags(String page) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            List<String> codes = new ArrayList<>();
            Matcher tag = TAG.matcher(row.group());
            while (tag.find()) codes.add(tag.group(1));
            out.put(row.group(2), codes);
        }
        return out;
    }

    private static List<String> hrefs(String page) {
        List<String> out = new ArrayList<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) out.add(row.group(1));
        return out;
    }

    /** The line of one reason on an image page. */
    private static String reason(String page, String code) {
        int from = page.indexOf("<li id=\"reason-" + code + "\">");
        assertThat(from).as(code).isPositive();
        return page.substring(from, page.indexOf("</li>", from));
    }

    /** The previous and next links of an image page, null where there is none. */
    private static List<String> pager(String page) {
        List<String> out = new ArrayList<>();
        for (String id : List.of("prev", "next")) {
            Matcher m = Pattern.compile("id=\"" + id + "\" rel=\"" + id + "\" href=\"([^\"]+)\"").matcher(page);
            out.add(m.find() ? m.group(1) : null);
        }
        return out;
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30)).build();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static int status(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + "verdict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
