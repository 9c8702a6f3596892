package pma.analysis.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CamGridTest {
    @Test
    void bilinearResizeSamplesAtCellCentres() {
        float[] map = {0, 1, 2, 3}; // 2x2
        float[] up = CamGrid.resize(map, 2, 2, 4, 4);
        // Output centres at 0.5/4*2-0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        assertThat(up).containsExactly(
                0f, 0.25f, 0.75f, 1f,
                0.5f, 0.75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2f, 2.25f, 2.75f, 3f);
        assertThat(CamGrid.resize(map, 2, 2, 2, 2)).containsExactly(map);
        assertThat(CamGrid.resize(new float[] {5}, 1, 1, 3, 3)).containsOnly(5f);
    }

    @Property(tries = 50)
    void resizingKeepsValuesWithinTheirRange(@ForAll @Size(16) float[] raw, @ForAll @IntRange(min = 1, max = 12) int side) {
        float[] map = new float[16];
        for (int i = 0; i < 16; i++) map[i] = Float.isFinite(raw[i]) ? Math.abs(raw[i] % 10) : 0;
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (float v : CamGrid.resize(map, 4, 4, side, side + 1)) assertThat(v).isBetween(min - 1e-4f, max + 1e-4f);
    }

    @Test
    void correlationsAndOverlap() {
        float[] a = {0, 1, 2, 3, 4};
        float[] b = {0, 2, 4, 6, 8};
        float[] c = {4, 3, 2, 1, 0};
        assertThat(CamGrid.pearson(a, b)).isCloseTo(1, within(1e-12));
        assertThat(CamGrid.pearson(a, c)).isCloseTo(-1, within(1e-12));
        assertThat(CamGrid.pearson(a, new float[5])).isNaN();
        // Spearman sees only order: a monotone but non-linear map correlates perfectly.
        assertThat(CamGrid.spearman(a, new float[] {0, 1, 8, 27, 64})).isCloseTo(1, within(1e-12));
        // Ties get midranks: ranks (1.5, 1.5, 3, 4, 5) against (1..5).
        assertThat(CamGrid.spearman(new float[] {0, 0, 1, 2, 3}, a)).isCloseTo(0.9746794, within(1e-6));
        // Top 20% of 10 cells = 2 cells each: {9, 8} and {9, 7} share one of three.
        float[] x = {0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        float[] y = {0, 0, 0, 0, 0, 0, 0, 2, 1, 3};
        assertThat(CamGrid.topIou(x, x, 0.2)).isEqualTo(1.0);
        assertThat(CamGrid.topIou(x, y, 0.2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(CamGrid.topIou(x, new float[10], 0.2)).isNaN();
    }

    @Test
    void energyInsideTheLesion() {
        float[] mask = new float[16]; // 4x4, left half is lesion
        for (int y = 0; y < 4; y++) for (int x = 0; x < 2; x++) mask[y * 4 + x] = 1;
        assertThat(CamGrid.area(mask)).isEqualTo(0.5);
        // A uniform 2x2 map scores the lesion's area share (a uniform map is no better than chance).
        assertThat(CamGrid.energyInside(new float[] {1, 1, 1, 1}, 2, 2, mask, 4)).isCloseTo(0.5, within(1e-9));
        // Hot left column only: after bilinear upsampling, 0.75 of the energy lies in the left half.
        double leftHot = CamGrid.energyInside(new float[] {1, 0, 1, 0}, 2, 2, mask, 4);
        assertThat(leftHot).isCloseTo((1 + 0.75) / (1 + 0.75 + 0.25 + 0), within(1e-6));
        assertThat(CamGrid.energyInside(new float[4], 2, 2, mask, 4)).as("empty map").isNaN();
    }

    @Property(tries = 50)
    void energyShareIsAShare(@ForAll @Size(9) float[] raw, @ForAll @Size(36) boolean[] lesion) {
        float[] map = new float[9];
        for (int i = 0; i < 9; i++) map[i] = Float.isFinite(raw[i]) ? Math.abs(raw[i] % 5) : 0;
        float[] mask = new float[36];
        for (int i = 0; i < 36; i++) mask[i] = lesion[i] ? 1 : 0;
        double e = CamGrid.energyInside(map, 3, 3, mask, 6);
        if (CamGrid.isEmpty(map)) assertThat(e).isNaN();
        else assertThat(e).isBetween(0.0, 1.0 + 1e-9);
    }
}
