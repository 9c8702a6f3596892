package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentTest {

    @Test
    void staysInRangeAndIsReproducible() {
        float[] img = new float[2 * 4 * 4];
        Random fill = new Random(1);
        for (int i = 0; i < img.length; i++) {
            img[i] = fill.nextFloat();
        }
        float[] a = new float[img.length + 5];
        float[] b = new float[img.length + 5];
        Augment.apply(img, a, 5, 2, 4, new Random(9));
        Augment.apply(img, b, 5, 2, 4, new Random(9));
        assertThat(a).containsExactly(b);
        for (int i = 0; i < 5; i++) {
            assertThat(a[i]).isZero(); // nothing written before the offset
        }
        for (int i = 5; i < a.length; i++) {
            assertThat(a[i]).isBetween(0f, 1f);
        }
    }

    @Test
    void flipsHalfTheTimeAndOtherwiseChangesLittle() {
        int size = 32;
        float[] img = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img[y * size + x] = 0.2f + 0.6f * x / (size - 1); // a horizontal ramp
            }
        }
        int flips = 0;
        Random rng = new Random(3);
        for (int trial = 0; trial < 60; trial++) {
            float[] out = new float[img.length];
            Augment.apply(img, out, 0, 1, size, rng);
            double diff = 0;
            boolean flipped = mean(out, size, 0, 8) > mean(out, size, size - 8, size);
            if (flipped) {
                flips++;
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float source = img[y * size + (flipped ? size - 1 - x : x)];
                    diff += Math.abs(out[y * size + x] - source);
                }
            }
            // rotation <= 10 degrees, +-10% contrast, +-0.05 brightness, <= 10% speckle
            assertThat(diff / img.length).isLessThan(0.12);
        }
        assertThat(flips).isBetween(18, 42);
    }

    @Test
    void rotatesAboutTheCentre() {
        int size = 33;
        float[] img = new float[size * size];
        img[16 * size + 16] = 1f; // one bright pixel in the centre stays there
        for (int i = 0; i < img.length; i++) {
            img[i] = img[i] == 1f ? 1f : 0.5f;
        }
        float[] out = new float[img.length];
        Augment.apply(img, out, 0, 1, size, new Random(5));
        int best = 0;
        for (int i = 1; i < out.length; i++) {
            if (out[i] > out[best]) best = i;
        }
        assertThat(best).isEqualTo(16 * size + 16);
    }

    private static double mean(float[] img, int size, int fromX, int toX) {
        double s = 0;
        for (int y = 0; y < size; y++) {
            for (int x = fromX; x < toX; x++) s += img[y * size + x];
        }
        return s / (size * (toX - fromX));
    }
}
