package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
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
}
