package pma.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.report.HtmlReport;

/**
 * The review app in a real headless Chromium: keyboard review, stored verdicts, escaping, triage
 * reason tags and navigation within a narrowed queue, and the server's refusals (unknown images, traversal, missing form token, a form posted from another
 * page, foreign Host).
 *
 * <p>The browser and its driver come from the system ({@code .ci/run} installs them). When they
 * are missing this test fails rather than skips, so a CI without a browser cannot pass silently.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("browser")
class ReviewAppBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;

    static Ledger ledger;
    static AnalysisResult analysis;
    static ReviewApp app;
    static WebDriver driver;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM).as("headless Chromium is required (apt-get install chromium)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is required (apt-get install chromium-driver)").isExecutable();
        ledger = SampleLedger.create(dir);
        analysis = Analysis.of(ledger, AnalysisOptions.defaults());
        app = ReviewApp.start(ledger, analysis, new ReviewApp.Settings("127.0.0.1", 0, false));

        // Driver and browser named explicitly, so Selenium Manager has nothing to look up or download.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    /**
     * Presses a key once the page is complete: a URL that changed, or a {@code get} that returned, can
     * precede the page's deferred script, and a key pressed before its listener exists is lost.
     */
    static void press(CharSequence key) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")));
        new Actions(driver).sendKeys(key).perform();
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (app != null) app.close();
    }

    @Test
    @Order(1)
    void reviewsWithTheKeyboardAndTheVerdictIsStored() {
        List<Integer> flagged = analysis.flagged().stream().map(s -> s.image().index()).toList();
        assertThat(flagged).containsExactlyInAnyOrderElementsOf(SampleLedger.ALWAYS_WRONG);

        driver.get(app.url() + "?queue=flagged");
        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("Flagged images");
        assertThat(driver.findElements(By.cssSelector("table.queue tbody tr"))).hasSize(flagged.size());
        driver.findElement(By.id("start")).click();

        int first = flagged.get(0);
        assertThat(driver.getCurrentUrl()).endsWith("/item/" + first + "?queue=flagged");
        assertThat(driver.findElement(By.id("image-id")).getText()).isEqualTo(analysis.images().get(first).image().id());
        Object width = ((JavascriptExecutor) driver).executeScript("return document.getElementById('image').naturalWidth;");
        assertThat(((Number) width).intValue()).as("image served and decoded").isEqualTo(24);

        String note = "<script>alert(1)</script> halo & \"quotes\"";
        driver.findElement(By.id("reviewer")).sendKeys("Dr. Test");
        WebElement noteField = driver.findElement(By.id("note"));
        noteField.sendKeys(note);
        noteField.sendKeys(Keys.ESCAPE); // leaves the text field, so the next keys are shortcuts
        press("2");
        assertThat(driver.findElement(By.id("v-atypical")).isSelected()).isTrue();
        press(Keys.ENTER);

        // Saved: the app moves on to the next flagged image and says what it stored.
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("saved=" + first));
        int second = flagged.get(1);
        assertThat(driver.getCurrentUrl()).contains("/item/" + second + "?");
        assertThat(driver.findElement(By.id("saved")).getText()).contains("atypical or rare presentation")
                .contains("Dr. Test");
        assertThat(driver.findElement(By.id("reviewer")).getAttribute("value")).as("name remembered").isEqualTo("Dr. Test");

        // Back with "p", reload: the verdict is listed, the note shown as text and never run.
        press("p");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/item/" + first + "?"));
        driver.navigate().refresh();
        WebElement latest = driver.findElement(By.cssSelector("#history li.latest"));
        assertThat(latest.getText()).contains("atypical or rare presentation").contains("Dr. Test");
        assertThat(latest.findElement(By.className("note")).getText()).isEqualTo(note);
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.findElements(By.cssSelector("#history script"))).isEmpty();

        List<Verdict> stored = new Verdicts(ledger).history();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).image()).isEqualTo(first);
        assertThat(stored.get(0).kind()).isEqualTo(Kind.ATYPICAL);
        assertThat(stored.get(0).reviewer()).isEqualTo("Dr. Test");
        assertThat(stored.get(0).note()).isEqualTo(note);

        // The queue shows it, and "n" walks forward.
        driver.get(app.url() + "?queue=flagged");
        assertThat(driver.findElement(By.cssSelector("table.queue tbody tr")).getText()).contains("atypical");
        driver.get(app.url() + "item/" + first + "?queue=flagged");
        press("n");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/item/" + second + "?"));
    }

    @Test
    @Order(2)
    void controlsAreReliablyCorrectImages() {
        driver.get(app.url() + "?queue=controls");
        List<WebElement> rows = driver.findElements(By.cssSelector("table.queue tbody tr"));
        assertThat(rows).hasSizeGreaterThan(20);
        String ids = rows.stream().map(WebElement::getText).collect(Collectors.joining("\n"));
        for (int i : SampleLedger.ALWAYS_WRONG) assertThat(ids).doesNotContain(analysis.images().get(i).image().id() + " ");
        rows.get(0).findElement(By.tagName("a")).click();
        assertThat(driver.getCurrentUrl()).contains("queue=controls");
        assertThat(driver.findElement(By.cssSelector(".pager .where")).getText()).startsWith("1 of " + rows.size() + " controls");
        // Chromium itself resolves dot segments: the traversal lands on an unknown route.
        driver.get(app.url() + "image/../../etc/passwd");
        assertThat(driver.findElement(By.id("error")).getText()).isEqualTo("Not found.");
    }

    @Test
    void servesImagesByIndexOnly() throws Exception {
        HttpResponse<byte[]> image = http.send(get("image/3"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(image.body())).getWidth()).isEqualTo(24);

        for (String bad : List.of("image/40", "image/999999999", "image/-1", "image/abc", "image/3.png",
                "image/..%5C..%5Cetc%5Cpasswd", "item/40", "item/x", "no-such-page")) {
            HttpResponse<String> r = http.send(get(bad), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad).isEqualTo(404);
            assertThat(r.body()).as(bad).doesNotContain("root:").doesNotContain(bad);
        }
        // Dot segments that climb above the root are refused by the HTTP layer before any route runs.
        for (String traversal : List.of("image/../../etc/passwd", "image/3/../../../etc/passwd", "image/..%2F..%2Fetc%2Fpasswd",
                "image/%2e%2e")) {
            HttpResponse<String> r = http.send(get(traversal), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(traversal).isIn(400, 404);
            assertThat(r.body()).as(traversal).doesNotContain("root:");
        }
    }

    @Test
    void statePostsNeedTheFormTokenAndBoundedInput() throws Exception {
        int before = new Verdicts(ledger).history().size();
        Map<String, String> form = new LinkedHashMap<>(Map.of("image", "10", "verdict", "label_error", "reviewer", "mallory",
                "note", "x", "queue", "flagged"));
        assertThat(post(form).statusCode()).as("no token").isEqualTo(403);
        form.put("csrf", "not-the-token");
        assertThat(post(form).statusCode()).as("wrong token").isEqualTo(403);
        form.put("csrf", token());

        assertThat(post(with(form, "note", "y".repeat(2001))).statusCode()).isEqualTo(400);
        assertThat(post(with(form, "reviewer", "r".repeat(101))).statusCode()).isEqualTo(400);
        assertThat(post(with(form, "reviewer", "")).statusCode()).isEqualTo(400);
        assertThat(post(with(form, "image", "40")).statusCode()).isEqualTo(400);
        assertThat(post(with(form, "image", "../1")).statusCode()).isEqualTo(400);
        assertThat(post(with(form, "verdict", "fine")).statusCode()).isEqualTo(400);
        HttpResponse<String> reflected = post(with(form, "queue", "<b>x</b>"));
        assertThat(reflected.statusCode()).isEqualTo(400);
        assertThat(reflected.body()).doesNotContain("<b>x</b>");
        assertThat(new Verdicts(ledger).history()).hasSize(before);

        HttpResponse<String> multipart = http.send(HttpRequest.newBuilder(URI.create(app.url() + "verdict"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(multipart.statusCode()).isEqualTo(415);
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(app.url() + "verdict"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("note=" + "q".repeat(40_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new Verdicts(ledger).history()).hasSize(before);

        HttpResponse<String> ok = post(with(form, "note", "z".repeat(2000)));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).contains("saved=10"));
        assertThat(new Verdicts(ledger).history()).hasSize(before + 1);
    }

    @Test
    void aFormOnAnotherPageCannotPostAVerdictEvenWithTheToken() throws Exception {
        int before = new Verdicts(ledger).history().size();
        // A page that is not the app (an opaque data: origin) posting the app's own form, token included.
        String page = "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"" + app.url() + "verdict\">"
                + "<input name=\"csrf\" value=\"" + token() + "\"><input name=\"image\" value=\"10\">"
                + "<input name=\"verdict\" value=\"label_error\"><input name=\"reviewer\" value=\"mallory\">"
                + "<input name=\"queue\" value=\"flagged\"></form><script>document.getElementById('f').submit();</script>"
                + "</body></html>";
        driver.get("data:text/html;base64," + java.util.Base64.getEncoder().encodeToString(page.getBytes(StandardCharsets.UTF_8)));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/verdict"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("403");
        assertThat(driver.findElement(By.id("error")).getText()).isEqualTo("Request from another site refused.");
        assertThat(new Verdicts(ledger).history()).hasSize(before);
    }

    @Test
    void answersOnlyToItsLoopbackNameAndSetsAStrictPolicy() throws Exception {
        HttpResponse<String> page = http.send(get(""), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'").contains("script-src 'self'"));
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("same-origin");
        assertThat(app.loopback()).isTrue();
        // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
        assertThat(rawStatus("evil.example:" + app.url().getPort())).isEqualTo(403);
        assertThat(rawStatus("localhost:" + app.url().getPort())).isEqualTo(200);
    }

    @Test
    void aReasonTagNarrowsTheQueueAndNextStaysInIt() throws IOException {
        // TriageFixture: flagged 17, 3, 10, 7, 5 in review order; the label issues among them are 3 and 5.
        Ledger triaged = TriageFixture.create(dir.resolve("triage"));
        try (ReviewApp other = ReviewApp.start(triaged, Analysis.of(triaged, TriageFixture.options()),
                new ReviewApp.Settings("127.0.0.1", 0, false))) {
            driver.get(other.url() + "?queue=flagged");
            WebElement second = driver.findElement(By.cssSelector("table.queue tbody tr:nth-child(2)"));
            assertThat(second.findElements(By.cssSelector("a.reason"))).extracting(WebElement::getText)
                    .containsExactly("label issue");
            second.findElement(By.cssSelector("a.reason")).click();
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("reason=label_issue"));
            assertThat(driver.findElements(By.cssSelector("table.queue tbody tr td:nth-child(2)"))).extracting(WebElement::getText)
                    .containsExactly("images/p003_0.png", "images/p005_0.png");

            driver.findElement(By.id("start")).click();
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/item/3?"));
            assertThat(driver.findElement(By.id("reason-label_issue")).getText()).contains("at least 0.85");
            press("n");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/item/5?"));
            assertThat(driver.getCurrentUrl()).endsWith("/item/5?queue=flagged&reason=label_issue");
            assertThat(driver.findElement(By.cssSelector(".pager .where")).getText()).startsWith("2 of 2 flagged (label issue)");
            assertThat(driver.findElements(By.id("next"))).as("5 is the last label issue").isEmpty();
            assertThat(driver.findElement(By.id("reason-label_issue")).getText()).contains("at least 0.80");
            press("p");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/item/3?"));
        }
    }

    @Test
    void theReportRendersOfflineInChromium() throws Exception {
        Path report = HtmlReport.write(ledger, analysis, dir.resolve("report"));
        driver.get(report.toUri().toString());
        assertThat(driver.getTitle()).startsWith("Persistent misclassification analysis");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat(((Number) js.executeScript("return document.images.length;")).intValue()).isEqualTo(6);
        assertThat(((Number) js.executeScript(
                "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length;")).intValue())
                .as("every chart and thumbnail decodes").isZero();
        assertThat((Boolean) js.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;"))
                .as("nothing wider than the window").isFalse();
        assertThat(driver.findElements(By.cssSelector("nav li"))).hasSizeGreaterThanOrEqualTo(10);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + "verdict")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> form, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.put(key, value);
        return copy;
    }

    private static String token() throws Exception {
        String page = http.send(get("item/10?queue=flagged"), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Status of a GET sent with the given Host header (HttpClient does not let one set it). */
    private static int rawStatus(String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.url().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
