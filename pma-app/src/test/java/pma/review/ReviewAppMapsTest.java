package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.ledger.Ledger;

/**
 * The image page beside its picture: each model's mean class-activation map, served by the app, and
 * the images that look almost the same. The ledger's maps are 4×4, hot in the top-left cell only;
 * image 1's file is a copy of image 0's, under the other label.
 */
class ReviewAppMapsTest {
    @TempDir
    static Path dir;

    static ReviewApp app;
    static ReviewApp plain;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Ledger ledger = SampleLedger.createWithMaps(dir.resolve("maps"), data -> Files.copy(data.resolve("images/p000_0.png"),
                data.resolve("images/p001_0.png"), StandardCopyOption.REPLACE_EXISTING));
        app = ReviewApp.start(ledger, Analysis.of(ledger, AnalysisOptions.defaults()), new ReviewApp.Settings("127.0.0.1", 0, false));
        Ledger noMaps = SampleLedger.create(dir.resolve("plain"));
        plain = ReviewApp.start(noMaps, Analysis.of(noMaps, AnalysisOptions.defaults()),
                new ReviewApp.Settings("127.0.0.1", 0, false));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (plain != null) plain.close();
    }

    @Test
    void pageShowsOneMapPerModelFromTheAppItself() throws Exception {
        String page = get(app, "item/3?queue=flagged").body();
        String maps = page.substring(page.indexOf("id=\"maps\""), page.indexOf("</div>", page.indexOf("id=\"maps\"")));
        // Served by the app (the Content-Security-Policy allows images from the app only), in model order.
        assertThat(maps).containsSubsequence("src=\"/cam/3/0\"", "<figcaption>quick_cnn</figcaption>", "src=\"/cam/3/1\"",
                "<figcaption>quick_resnet</figcaption>").doesNotContain("data:");
        assertThat(page).contains("gradcam of the predicted class");
    }

    @Test
    void mapIsDrawnHotWhereTheMapIsHot() throws Exception {
        HttpResponse<byte[]> r = http.send(request(app, "cam/3/1"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img.getWidth()).isEqualTo(192);
        assertThat(img.getHeight()).isEqualTo(192);
        // Jet at 1 is dark red (128, 0, 0), at 0 dark blue (0, 0, 128), blended at 40% over a grey image:
        // the centre of the top-left cell comes out redder than blue, the bottom-left cell bluer than red.
        int hot = img.getRGB(24, 24), cold = img.getRGB(24, 168);
        assertThat((hot >> 16) & 0xff).isGreaterThan((hot & 0xff) + 30);
        assertThat(cold & 0xff).isGreaterThan(((cold >> 16) & 0xff) + 30);
    }

    @Test
    void unknownModelsImagesAndLedgersWithoutMapsGetNoPicture() throws Exception {
        for (String bad : new String[] {"cam/3/2", "cam/3/x", "cam/40/0", "cam/3/-1"}) {
            assertThat(get(app, bad).statusCode()).as(bad).isEqualTo(404);
        }
        assertThat(get(plain, "item/3?queue=flagged").body()).doesNotContain("id=\"maps\"").doesNotContain("/cam/");
        assertThat(get(plain, "cam/3/0").statusCode()).isEqualTo(404);
    }

    @Test
    void nearDuplicateIsListedWithItsLabelOnBothPages() throws Exception {
        String one = get(app, "item/1?queue=flagged").body();
        assertThat(section(one)).contains("<a href=\"/item/0?queue=flagged\">images/p000_0.png</a>")
                .contains("<span class=\"label\">benign</span>").contains("other label").contains("hash distance 0");
        String zero = get(app, "item/0?queue=flagged").body();
        assertThat(section(zero)).contains("images/p001_0.png").contains("<span class=\"label\">malignant</span>");
        assertThat(get(app, "item/2?queue=flagged").body()).doesNotContain("near-duplicates");
    }

    private static String section(String page) {
        int from = page.indexOf("id=\"near-duplicates\"");
        assertThat(from).isPositive();
        return page.substring(from, page.indexOf("</ul>", from));
    }

    private static HttpRequest request(ReviewApp a, String path) {
        return HttpRequest.newBuilder(URI.create(a.url() + path)).timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpResponse<String> get(ReviewApp a, String path) throws Exception {
        return http.send(request(a, path), HttpResponse.BodyHandlers.ofString());
    }
}
