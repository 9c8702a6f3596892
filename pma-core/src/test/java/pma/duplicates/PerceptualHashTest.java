package pma.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {

    /** A grey scene: speckle plus a dark ellipse at (cx, cy). */
    static BufferedImage scene(int w, int h, long seed, double cx, double cy) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - cx * w) / (0.18 * w), dy = (y - cy * h) / (0.12 * h);
                double v = 150 - 80.0 * y / h + r.nextGaussian() * 20 - (dx * dx + dy * dy < 1 ? 90 : 0);
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, v)));
            }
        }
        return img;
    }

    static BufferedImage resized(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, Color.BLACK, null);
        g.dispose();
        return out;
    }

    @Test
    void identicalImagesHaveDistanceZeroAndCorrelationOne() {
        BufferedImage a = scene(200, 150, 1, 0.4, 0.5);
        PerceptualHash.Print p = PerceptualHash.of(a), q = PerceptualHash.of(scene(200, 150, 1, 0.4, 0.5));
        assertThat(PerceptualHash.distance(p.hash(), q.hash())).isZero();
        assertThat(p.correlation(q)).isGreaterThan(0.9999);
    }

    @Test
    void aRescaledRgbCopyIsCloseAndADifferentImageIsFar() {
        BufferedImage a = scene(240, 180, 1, 0.35, 0.45);
        PerceptualHash.Print p = PerceptualHash.of(a);
        PerceptualHash.Print copy = PerceptualHash.of(resized(a, 173, 131));
        PerceptualHash.Print other = PerceptualHash.of(scene(240, 180, 2, 0.7, 0.7));
        assertThat(PerceptualHash.distance(p.hash(), copy.hash())).isLessThanOrEqualTo(4);
        assertThat(p.correlation(copy)).isGreaterThan(0.97);
        assertThat(PerceptualHash.distance(p.hash(), other.hash())).isGreaterThanOrEqualTo(16);
        assertThat(p.correlation(other)).isLessThan(0.9);
    }

    @Test
    void hashBitsAreSplitAtTheMedian() {
        long h = PerceptualHash.of(scene(64, 64, 3, 0.5, 0.5)).hash();
        // 31 of the 63 non-constant coefficients exceed their median; the constant term adds at most one.
        assertThat(Long.bitCount(h)).isBetween(31, 32);
    }

    @Test
    void imagesSmallerThanTheGridAndFlatImagesAreHandled() {
        PerceptualHash.Print small = PerceptualHash.of(scene(12, 10, 4, 0.5, 0.5));
        assertThat(small.thumbnail()).isNotNull();
        BufferedImage flat = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        PerceptualHash.Print f = PerceptualHash.of(flat);
        assertThat(f.thumbnail()).isNull();
        assertThat(f.correlation(small)).isNaN();
    }
}
