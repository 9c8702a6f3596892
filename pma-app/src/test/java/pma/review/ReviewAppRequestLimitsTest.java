package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.ledger.Ledger;
import pma.ledger.Verdicts;
import pma.ledger.Verdicts.Verdict;

/**
 * The review app over plain HTTP (loopback): request bodies are bounded however they arrive, and a
 * verdict posted from another site is refused even with the right form token.
 */
class ReviewAppRequestLimitsTest {
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static final String FOREIGN = "Request from another site refused.";

    @TempDir
    static Path dir;

    static Ledger ledger;
    static ReviewApp app;
    static String token;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        ledger = SampleLedger.create(dir);
        app = ReviewApp.start(ledger, Analysis.of(ledger, AnalysisOptions.defaults()), new ReviewApp.Settings("127.0.0.1", 0, false));
        String page = HTTP.send(HttpRequest.newBuilder(app.url().resolve("/item/10?queue=flagged")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).isTrue();
        token = m.group(1);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    /** A valid verdict form with the right token, for image 10. */
    static String form(String note) {
        return "csrf=" + token + "&image=10&verdict=label_error&reviewer=tester&queue=flagged&note=" + note;
    }

    static HttpRequest.Builder verdict() {
        return HttpRequest.newBuilder(app.url().resolve("/verdict")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-www-form-urlencoded");
    }

    /** A body of unknown length (sent chunked): {@code head} and then {@code "&pN=x"} fields up to {@code size} bytes. */
    static InputStream chunked(String head, long size) {
        return new InputStream() {
            final byte[] start = head.getBytes(StandardCharsets.US_ASCII);
            byte[] field = new byte[0];
            int fieldPos;
            long sent;
            int fields;

            @Override
            public int read() {
                if (sent >= size) return -1;
                int b;
                if (sent < start.length) {
                    b = start[(int) sent];
                } else {
                    if (fieldPos == field.length) {
                        field = ("&p" + fields++ + "=x").getBytes(StandardCharsets.US_ASCII);
                        fieldPos = 0;
                    }
                    b = field[fieldPos++];
                }
                sent++;
                return b;
            }
        };
    }

    static List<Verdict> stored() {
        return new Verdicts(ledger).history();
    }

    /** A status code and the rest of the answer. */
    record Answer(int status, String text) {}

    /**
     * POSTs a body of {@code size} bytes ({@code head}, then {@code "&pN=x"} fields) with
     * {@code Transfer-Encoding: chunked} over a plain socket, as curl does. It stops sending as soon
     * as the server answers (or stops reading), and then reads the answer: an HTTP client library
     * would give up on the exchange when the server closes the connection with the body half sent.
     */
    static Answer postChunked(String head, long size, String... headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.url().getPort())) {
            socket.setSoTimeout(60_000); // a guard against hanging, not a measurement
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder request = new StringBuilder("POST /verdict HTTP/1.1\r\nHost: 127.0.0.1:" + app.url().getPort()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
            for (String h : headers) request.append(h).append("\r\n");
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            try (InputStream body = chunked(head, size)) {
                byte[] chunk = new byte[8192];
                int n;
                while (in.available() == 0 && (n = body.readNBytes(chunk, 0, chunk.length)) > 0) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (in.available() == 0) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException stoppedReading) {
                // the server answered and closed its side; its answer is waiting to be read
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException reset) {
                // a reset after the answer arrived: keep what was read
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutBeingRead() throws Exception {
        int before = stored().size();
        long size = 20L * 1024 * 1024; // about two million fields, as in the attack measured before the limit
        Answer r = postChunked(form("x"), size);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("<p id=\"error\">Request too large.</p>");
        assertThat(stored()).hasSize(before);
    }

    @Test
    void aChunkedVerdictWithinTheLimitIsStored() throws Exception {
        int before = stored().size();
        String body = form("chunked");
        // A publisher of unknown length: the client sends the body chunked.
        HttpResponse<String> r = HTTP.send(verdict().POST(HttpRequest.BodyPublishers.ofInputStream(() -> chunked(body, body.length())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        List<Verdict> after = stored();
        assertThat(after).hasSize(before + 1);
        assertThat(after.get(after.size() - 1).note()).isEqualTo("chunked");
    }

    @Test
    void tooManyFieldsAreRefused() throws Exception {
        int before = stored().size();
        StringBuilder body = new StringBuilder(form("fields"));
        for (int i = 0; i < ReviewApp.MAX_FIELDS - 6 + 1; i++) body.append("&f").append(i).append("=x"); // 6 form fields + 11 = 17
        HttpResponse<String> r = HTTP.send(verdict().POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(stored()).hasSize(before);
    }

    @Test
    void aVerdictFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
        int before = stored().size();
        for (String[] header : List.of(new String[] {"Origin", "http://evil.example"},
                new String[] {"Origin", "null"},
                new String[] {"Origin", "http://127.0.0.1:" + (app.url().getPort() + 1)},
                new String[] {"Referer", "http://evil.example/page.html"},
                new String[] {"Referer", "not a url"})) {
            HttpResponse<String> r = HTTP.send(verdict().header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString(form("evil"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header[0] + ": " + header[1]).isEqualTo(403);
            assertThat(r.body()).contains("<p id=\"error\">" + FOREIGN + "</p>");
        }
        // Refused before the body is read: a foreign 20 MB chunked post gets the same answer.
        Answer big = postChunked(form("x"), 20L * 1024 * 1024, "Origin: http://evil.example");
        assertThat(big.status()).isEqualTo(403);
        assertThat(big.text()).contains("<p id=\"error\">" + FOREIGN + "</p>");
        assertThat(stored()).hasSize(before);
    }

    @Test
    void aVerdictFromTheAppItselfOrWithoutOriginIsStored() throws Exception {
        String self = "http://127.0.0.1:" + app.url().getPort();
        int before = stored().size();
        for (String[] header : List.of(new String[] {"Origin", self}, new String[] {"Referer", self + "/item/10?queue=flagged"},
                new String[] {"X-None", "no Origin and no Referer"})) {
            HttpResponse<String> r = HTTP.send(verdict().header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString(form(header[0]))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header[0]).isEqualTo(303);
        }
        List<Verdict> after = stored();
        assertThat(after).hasSize(before + 3);
        assertThat(after.subList(before, before + 3)).extracting(Verdict::note).containsExactly("Origin", "Referer", "X-None");
    }

    @Test
    void readsSafeRequestsFromAnywhere() throws IOException, InterruptedException {
        // Following a link from another page is fine: only state-changing requests are checked.
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(app.url()).header("Origin", "http://evil.example")
                .header("Referer", "http://evil.example/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
