package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Hand-worked cases; ConfidentLearningParityTest checks the same code against cleanlab's outputs. */
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

        assertThat(r.thresholds()).containsExactly(new double[] {0.6, 0.6}, within(1e-12));
        // p0 of the three 0s: .9, .8 pass t_0; .1 does not, but its p1 = .9 passes t_1.
        // p1 of the three 1s: .8, .7 pass t_1; .3 does not, but its p0 = .7 passes t_0.
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{2, 1}, {1, 2}});
        assertThat(r.calibratedJoint()[0]).containsExactly(2, 1);
        assertThat(r.calibratedJoint()[1]).containsExactly(1, 2);
        // Prune by noise rate: one image per off-diagonal cell, the largest margin p_j - p_i; both
        // are most probable in the other class, so both stay issues.
        assertThat(r.labelIssue()).containsExactly(false, false, true, false, false, true);
        assertThat(r.issues()).isEqualTo(2);
        assertThat(r.selfConfidence()).containsExactly(new double[] {0.9, 0.8, 0.1, 0.8, 0.7, 0.3}, within(1e-12));
        // (p_given - p_other + 1) / 2
        assertThat(r.normalizedMargin()).containsExactly(new double[] {0.9, 0.8, 0.1, 0.8, 0.7, 0.3}, within(1e-12));
    }

    @Test
    void calibrationRescalesRowsToTheGivenLabelCounts() {
        // Labelled 0 (four images): t_0 = mean(.9, .9, .9, .55) = .8125; the .55 image passes neither
        // (p1 = .45 < t_1 - 1e-6), so the raw row is {3, 0}; calibrated to 4 images: {4, 0}.
        // Labelled 1 (two images): p1 = .9, .1 -> t_1 = .5; .9 counts (1,1); .1 has p0 = .9 >= t_0: (1,0).
        int[] labels = {0, 0, 0, 0, 1, 1};
        double[] p1 = {0.1, 0.1, 0.1, 0.45, 0.9, 0.1};
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(labels, p1);
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{3, 0}, {1, 1}});
        assertThat(r.calibratedJoint()[0]).containsExactly(4, 0);
        assertThat(r.calibratedJoint()[1]).containsExactly(1, 1);
        assertThat(r.labelIssue()).containsExactly(false, false, false, false, false, true);
    }

    /**
     * Labels 0,0,1,1,1 with p1 = .4,.5,.3,.2,.1 (cleanlab flags images 3 and 4). t_0 = mean(.6, .5) =
     * .55, t_1 = mean(.3, .2, .1) = .2. Image 0 passes both, its most probable class is 0: (0,0).
     * Image 1 passes only class 1: (0,1). Images 2 and 3 pass both (image 3's .2 only within the
     * 1e-6 slack) and are most probable in 0; image 4 passes only 0: row 1 is {3, 0}, its diagonal
     * raised to 1: {3, 1}. Calibrated to 3 images: 2.25, .75, rounded 2, 1. Pruning: cell (0,1)
     * takes image 1 (margin 0 beats -.2), cell (1,0) images 4 and 3 (margins .8, .6). Image 1's
     * p = (.5, .5): its given label 0 is the first most probable, so it is no issue.
     */
    @Test
    void floorRoundingAndTheFinalCheckOnFiveImages() {
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(new int[] {0, 0, 1, 1, 1}, new double[] {.4, .5, .3, .2, .1});
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{1, 1}, {3, 1}});
        assertThat(r.calibratedJoint()[0]).containsExactly(1, 1);
        assertThat(r.calibratedJoint()[1]).containsExactly(2, 1);
        assertThat(r.labelIssue()).containsExactly(false, false, false, true, true);
    }

    /**
     * Labels 0,0,0,0,1,1,1,1 with p1 = .05,.05,.35,.35,.3,.3,.3,.3 (cleanlab flags none).
     * t_0 = .8, t_1 = .3: images 2 and 3 count in (0,1), so pruning picks them, but class 0 (.65)
     * is their most probable class: no issues.
     */
    @Test
    void anImageMostProbableInItsGivenLabelIsNoIssue() {
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(new int[] {0, 0, 0, 0, 1, 1, 1, 1},
                new double[] {.05, .05, .35, .35, .3, .3, .3, .3});
        assertThat(r.confidentJoint()).isDeepEqualTo(new int[][] {{2, 2}, {0, 4}});
        assertThat(r.issues()).isZero();
    }

    @Test
    void imagesWithoutProbabilitiesTakeNoPart() {
        int[] labels = {0, 0, 1, 1, 0};
        double[] p1 = {0.2, 0.3, 0.8, 0.9, Double.NaN};
        ConfidentLearning.Result r = ConfidentLearning.ofBinary(labels, p1);
        // As the four scored images alone: t_0 = .75, t_1 = .85, every image in its own class.
        assertThat(r.thresholds()).containsExactly(new double[] {0.75, 0.85}, within(1e-12));
        assertThat(r.calibratedJoint()[0]).containsExactly(2, 0);
        assertThat(r.calibratedJoint()[1]).containsExactly(0, 2);
        assertThat(r.selfConfidence()[4]).isNaN();
        assertThat(r.normalizedMargin()[4]).isNaN();
        assertThat(r.issues()).isZero();
    }

    @Property(tries = 200)
    void calibratedRowsAreTheLabelCountsAndIssuesAreMostProbableElsewhere(
            @ForAll @IntRange(min = 2, max = 4) int classes, @ForAll @IntRange(min = 1, max = 60) int n, @ForAll long seed) {
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
        for (int i = 0; i < classes; i++) {
            final int c = i;
            long count = Arrays.stream(labels).filter(l -> l == c).count();
            assertThat(Arrays.stream(r.calibratedJoint()[i]).sum()).isEqualTo(count);
        }
        for (int x = 0; x < n; x++) {
            if (r.labelIssue()[x]) assertThat(ConfidentLearning.argmax(p[x])).isNotEqualTo(labels[x]);
        }
    }
}
