package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OverlaysTest {
    static BufferedImage grey(int side, int level) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.setRGB(x, y, level * 0x010101);
        return img;
    }

    static int[] rgb(BufferedImage img, int x, int y) {
        int v = img.getRGB(x, y);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }

    @Test
    void jetRunsFromDarkBlueThroughGreenToDarkRed() {
        assertThat(Overlays.jet(0)).containsExactly(0, 0, 128);
        assertThat(Overlays.jet(0.5)).containsExactly(128, 255, 128);
        assertThat(Overlays.jet(1)).containsExactly(128, 0, 0);
        assertThat(Overlays.jet(Double.NaN)).containsExactly(0, 0, 128);
    }

    @Test
    void theOverlayIsTheImageUnderTheColouredMapAtFortyPercent() {
        BufferedImage base = grey(32, 100);
        // 2x2 map, hot top-left: the overlay is red there and blue at the opposite corner.
        BufferedImage out = Overlays.render(base, new float[] {1, 0, 0, 0}, 2, 2, null, 0, new String[] {"a", "b"});
        assertThat(out.getWidth()).isEqualTo(2 * Overlays.PANEL);
        assertThat(out.getHeight()).isGreaterThan(Overlays.PANEL);
        // Left panel: the image alone.
        assertThat(rgb(out, 100, 100)).containsExactly(100, 100, 100);
        int[] hot = rgb(out, Overlays.PANEL + 5, 30);
        int[] cold = rgb(out, 2 * Overlays.PANEL - 5, Overlays.PANEL - 5);
        assertThat(hot).containsExactly((int) Math.round(0.6 * 100 + 0.4 * 128), (int) Math.round(0.6 * 100), (int) Math.round(0.6 * 100));
        assertThat(cold).containsExactly(60, 60, (int) Math.round(0.6 * 100 + 0.4 * 128));
    }

    @Test
    void anEmptyMapLeavesTheImageUncoloured() {
        BufferedImage base = grey(16, 90);
        BufferedImage out = Overlays.render(base, null, 5, 5, null, 0, new String[] {"a", "b"});
        for (int y = 30; y < Overlays.PANEL; y += 7) {
            for (int x = 0; x < Overlays.PANEL; x += 7) {
                assertThat(rgb(out, Overlays.PANEL + x, y)).containsExactly(rgb(out, x, y));
            }
        }
    }

    @Test
    void theLesionIsOutlined() {
        float[] mask = new float[16 * 16];
        for (int y = 4; y < 12; y++) for (int x = 4; x < 12; x++) mask[y * 16 + x] = 1;
        BufferedImage out = Overlays.render(grey(16, 50), null, 1, 1, mask, 16, new String[] {"", ""});
        int edge = 4 * Overlays.PANEL / 16;
        assertThat(rgb(out, Overlays.PANEL + Overlays.PANEL / 2, edge)).containsExactly(255, 255, 255);
        assertThat(rgb(out, Overlays.PANEL + Overlays.PANEL / 2, Overlays.PANEL / 2)).containsExactly(50, 50, 50);
        assertThat(Overlays.fileName("images/n0001 a.png")).isEqualTo("images_n0001_a");
    }

    @Test
    void embeddedJpegKeepsTheSpeckledOverlayAtAFifthOfThePngSize() throws Exception {
        // Speckle like an ultrasound image: grey levels 40-200 drawn independently per pixel.
        BufferedImage base = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) base.setRGB(x, y, (40 + random.nextInt(161)) * 0x010101);
        BufferedImage out = Overlays.render(base, new float[] {1, 0, 0, 0}, 2, 2, null, 0, new String[] {"a", "b"});
        BufferedImage panel = out.getSubimage(Overlays.PANEL, 0, Overlays.PANEL, Overlays.PANEL);

        String uri = Overlays.jpegDataUri(panel);
        assertThat(uri).startsWith("data:image/jpeg;base64,");
        byte[] jpeg = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(back.getWidth()).isEqualTo(Overlays.PANEL);
        assertThat(back.getHeight()).isEqualTo(Overlays.PANEL);
        // Speckle is noise at the pixel scale, which JPEG smooths; what a reader sees is the 4x4
        // block average (the panel is the 64 px image scaled 3x), and that must survive within 3 levels.
        double worst = 0;
        for (int by = 0; by < Overlays.PANEL; by += 12) {
            for (int bx = 0; bx < Overlays.PANEL; bx += 12) {
                for (int ch = 0; ch < 3; ch++) {
                    double a = 0, b = 0;
                    for (int y = by; y < by + 12; y++) {
                        for (int x = bx; x < bx + 12; x++) {
                            a += rgb(panel, x, y)[ch];
                            b += rgb(back, x, y)[ch];
                        }
                    }
                    worst = Math.max(worst, Math.abs(a - b) / 144);
                }
            }
        }
        assertThat(worst).isLessThan(3);
        // The map still reads: red over blue where it is hot (top left), blue over red where it is cold.
        assertThat(rgb(back, 20, 20)[0] - rgb(back, 20, 20)[2]).isGreaterThan(20);
        assertThat(rgb(back, Overlays.PANEL - 20, Overlays.PANEL - 20)[2] - rgb(back, Overlays.PANEL - 20, Overlays.PANEL - 20)[0]).isGreaterThan(20);
        assertThat(jpeg.length * 5).isLessThan(Overlays.png(panel).length);
    }
}
