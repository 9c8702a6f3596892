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
    void flipsMirrorRowsAndJitterIsSmall() {
        int size = 6;
        float[] img = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img[y * size + x] = 0.2f + 0.1f * x; // a horizontal ramp
            }
        }
        int flips = 0;
        Random rng = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            float[] out = new float[img.length];
            Augment.apply(img, out, 0, 1, size, rng);
            boolean flipped = out[0] > out[size - 1];
            if (flipped) {
                flips++;
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float source = img[y * size + (flipped ? size - 1 - x : x)];
                    assertThat(Math.abs(out[y * size + x] - source)).isLessThan(0.11f);
                }
            }
        }
        assertThat(flips).isBetween(10, 40);
    }
}
