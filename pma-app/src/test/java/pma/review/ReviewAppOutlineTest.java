package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.ledger.Ledger;

/**
 * The image page shows the lesion outline's shape where the dataset has masks. Every image gets a
 * 24×24 mask: image 3 an L (an 8×8 square at (4, 4) without its 4×4 top-right quarter), the others
 * 6-wide rectangles, taller for the malignant ones.
 */
class ReviewAppOutlineTest {
    @TempDir
    static Path dir;

    static ReviewApp withMasks;
    static ReviewApp plain;
    static pma.analysis.AnalysisResult plainAnalysis;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Ledger ledger = SampleLedger.create(dir.resolve("masks"), ReviewAppOutlineTest::addMasks);
        withMasks = ReviewApp.start(ledger, Analysis.of(ledger, AnalysisOptions.defaults()),
                new ReviewApp.Settings("127.0.0.1", 0, false));
        Ledger noMasks = SampleLedger.create(dir.resolve("plain"));
        plainAnalysis = Analysis.of(noMasks, AnalysisOptions.defaults());
        plain = ReviewApp.start(noMasks, plainAnalysis, new ReviewApp.Settings("127.0.0.1", 0, false));
    }

    @AfterAll
    static void stop() {
        if (withMasks != null) withMasks.close();
        if (plain != null) plain.close();
    }

    static void addMasks(Path data) throws java.io.IOException {
        List<String> lines = Files.readAllLines(data.resolve("manifest.csv"));
        List<String> out = new ArrayList<>(List.of(lines.get(0) + ",mask"));
        Files.createDirectories(data.resolve("masks"));
        for (int i = 1; i < lines.size(); i++) {
            int image = i - 1;
            BufferedImage m = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
            boolean malignant = lines.get(i).contains(",malignant,");
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    boolean inside = image == 3 ? x >= 4 && x < 12 && y >= 4 && y < 12 && !(x >= 8 && y < 8)
                            : x >= 9 && x < 15 && y >= 6 && y < (malignant ? 20 : 10) + image % 3;
                    if (inside) m.getRaster().setSample(x, y, 0, 255);
                }
            }
            String name = "masks/m" + image + ".png";
            ImageIO.write(m, "png", data.resolve(name).toFile());
            out.add(lines.get(i) + "," + name);
        }
        Files.write(data.resolve("manifest.csv"), out);
    }

    @Test
    void theImagePageShowsTheOutlinesShapeAndWhatItPredicts() throws Exception {
        String page = get(withMasks, "item/3?queue=flagged").body();
        // Area 48; the hull through the corners (4,4) (8,4) (12,8) (12,12) (4,12) is the 8×8 box less a
        // 4×4/2 triangle, 56: solidity 48/56 = 0.857. Its box is 8×8: height/width 1.
        assertThat(page).contains("<span id=\"outline\">solidity 0.86, height/width 1.00; by its shape ")
                .contains("(out of fold)</span>").doesNotContain(">lesion mask<");
    }

    @Test
    void withoutMasksThePageSaysSo() throws Exception {
        String page = get(plain, "item/3?queue=flagged").body();
        assertThat(page).doesNotContain("id=\"outline\"").contains("lesion mask");
    }

    @Test
    void theSuspectQueueWalksTheCutOfPmasOrderMostSuspectFirst() throws Exception {
        // Images 3, 10 and 17 are wrong in every run, each its own patient: they lead pma's order
        // (sla_group here: no masks, no neighbours). The cut keeps as many as confident learning counts
        // label issues, in rank order, so the queue holds that many of them, ranks 1, 2, ...
        String page = get(plain, "?queue=suspect").body();
        List<Integer> items = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<td class=\"l\"><a href=\"/item/(\\d+)\\?queue=suspect\"")
                .matcher(page);
        while (m.find()) items.add(Integer.valueOf(m.group(1)));
        int k = plainAnalysis.opinions().confidentLearning().issues();
        assertThat(k).isPositive();
        assertThat(items).hasSize(k).isSubsetOf(SampleLedger.ALWAYS_WRONG);
        for (int r = 0; r < k; r++) assertThat(plainAnalysis.images().get(items.get(r)).rank()).isEqualTo(r + 1);
        assertThat(page).contains("<h1>Suspect images <span class=\"count\">" + k + "</span></h1>");
    }

    private static HttpResponse<String> get(ReviewApp a, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(a.url() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
