package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConfidentLearningTest {

    /**
     * Six images, two classes. Labelled 0: p1 = .1, .2, .9 (t_0 = mean(.9, .8, .1) = .6);
     * labelled 1: p1 = .8, .7, .3 (t_1 = mean(.8, .7, .3) = .6).
     */
    @Test
    void handComputedThresholdsJointAndIssues() {
        int[] labels = {0, 0, 0, 1, 1, 1};
        double[] p1 = {0.1, 0.2, 0.9, 0.8, 0.7, 0.3};
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(labels, p1);

        assertThat(r.thresholds()[0]).isCloseTo(0.6, within(1e-12));
        assertThat(r.thresholds()[1]).isCloseTo(0.6, within(1e-12));
        // p0 of the three 0s: .9, .8 pass t_0; .1 does not, but its p1 = .9 passes t_1.
        // p1 of the three 1s: .8, .7 pass t_1; .3 does not, but its p0 = .7 passes t_0.
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{2, 1}, {1, 2}});
        assertThat(r.calibratedJoint()[0]).containsExactly(2, 1);
        assertThat(r.calibratedJoint()[1]).containsExactly(1, 2);
        // Prune by noise rate: one image per off-diagonal cell, the largest margin p_j - p_i.
        assertThat(r.labelIssue()).containsExactly(false, false, true, false, false, true);
        assertThat(r.issues()).isEqualTo(2);
        assertThat(r.selfConfidence()).containsExactly(new double[] {0.9, 0.8, 0.1, 0.8, 0.7, 0.3}, within(1e-12));
        assertThat(r.normalizedMargin()[2]).isCloseTo(-0.8, within(1e-12));
        assertThat(r.normalizedMargin()[0]).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void calibrationRescalesRowsToTheGivenLabelCounts() {
        // Labelled 0 (four images): t_0 = mean(.9, .9, .9, .55) = .8125; the .55 image passes neither
        // (p1 = .45 < t_1), so the raw row is {3, 0}; calibrated to 4 images: {4, 0}.
        // Labelled 1 (two images): p1 = .9, .1 -> t_1 = .5; .9 counts (1,1); .1 has p0 = .9 >= t_0: (1,0).
        int[] labels = {0, 0, 0, 0, 1, 1};
        double[] p1 = {0.1, 0.1, 0.1, 0.45, 0.9, 0.1};
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(labels, p1);
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{3, 0}, {1, 1}});
        assertThat(r.calibratedJoint()[0]).containsExactly(4, 0);
        assertThat(r.calibratedJoint()[1]).containsExactly(1, 1);
        assertThat(r.labelIssue()).containsExactly(false, false, false, false, false, true);
    }

    @Test
    void imagesWithoutProbabilitiesTakeNoPart() {
        int[] labels = {0, 0, 1, 1, 0};
        double[] p1 = {0.2, 0.3, 0.8, 0.9, Double.NaN};
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(labels, p1);
        assertThat(sum(r.calibratedJoint())).isCloseTo(4, within(1e-9));
        assertThat(r.selfConfidence()[4]).isNaN();
        assertThat(r.labelIssue()[4]).isFalse();
        assertThat(r.issues()).isZero();
    }

    @Property(tries = 200)
    void calibratedJointSumsToNAndRowsToLabelCounts(@ForAll @IntRange(min = 2, max = 4) int classes,
                                                     @ForAll @IntRange(min = 1, max = 60) int n,
                                                     @ForAll long seed) {
        java.util.Random rng = new java.util.Random(seed);
        int[] labels = new int[n];
        double[][] p = new double[n][classes];
        for (int x = 0; x < n; x++) {
            labels[x] = rng.nextInt(classes);
            double s = 0;
            for (int j = 0; j < classes; j++) s += p[x][j] = rng.nextDouble();
            for (int j = 0; j < classes; j++) p[x][j] /= s;
        }
        ConfidentLearning.Result r = ConfidentLearning.of(labels, p, classes);
        assertThat(sum(r.calibratedJoint())).isCloseTo(n, within(1e-9));
        for (int i = 0; i < classes; i++) {
            final int c = i;
            long count = Arrays.stream(labels).filter(l -> l == c).count();
            assertThat(Arrays.stream(r.calibratedJoint()[i]).sum()).isCloseTo(count, within(1e-9));
        }
        // The raw joint counts each image at most once; issues never exceed the off-diagonal mass.
        int raw = Arrays.stream(r.confidentJoint()).flatMapToInt(Arrays::stream).sum();
        assertThat(raw).isLessThanOrEqualTo(n);
        double offDiagonal = 0;
        for (int i = 0; i < classes; i++) for (int j = 0; j < classes; j++) if (i != j) offDiagonal += Math.round(r.calibratedJoint()[i][j]);
        assertThat((double) r.issues()).isLessThanOrEqualTo(offDiagonal);
    }

    private static double sum(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).sum();
    }
}
