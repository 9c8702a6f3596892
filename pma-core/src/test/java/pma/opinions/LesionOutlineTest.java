package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LesionOutlineTest {
    /** A 20x10 grey mask with {@code inside} pixels set. */
    private static BufferedImage mask(int width, int height, int[][] inside) {
        BufferedImage m = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int[] p : inside) m.getRaster().setSample(p[0], p[1], 0, 255);
        return m;
    }

    private static int[][] rectangle(int x0, int y0, int w, int h) {
        List<int[]> out = new ArrayList<>();
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) out.add(new int[] {x, y});
        return out.toArray(int[][]::new);
    }

    @Test
    void aRectangleIsConvexAndFillsItsBox() {
        // 4 wide, 6 tall in a 20 x 10 image: solidity 1, aspect 6/4, extent 1, area 24/200
        LesionOutline.Shape s = LesionOutline.of(mask(20, 10, rectangle(3, 2, 4, 6)));
        assertThat(s.solidity()).isCloseTo(1.0, within(1e-12));
        assertThat(s.aspect()).isEqualTo(1.5);
        assertThat(s.extent()).isEqualTo(1.0);
        assertThat(s.areaShare()).isEqualTo(24.0 / 200);
    }

    @Test
    void anLShapeMeasuredByHand() {
        // A 4x4 square without its 2x2 top-right quarter: 12 pixels. Its outline's convex hull, through
        // the pixel corners (0,0) (2,0) (4,2) (4,4) (0,4), is the 4x4 square less a 2x2/2 triangle: 14.
        List<int[]> px = new ArrayList<>();
        for (int[] p : rectangle(5, 3, 4, 4)) if (!(p[0] >= 7 && p[1] < 5)) px.add(p);
        LesionOutline.Shape s = LesionOutline.of(mask(20, 10, px.toArray(int[][]::new)));
        assertThat(s.solidity()).isCloseTo(12.0 / 14, within(1e-12));
        assertThat(s.aspect()).isEqualTo(1.0);
        assertThat(s.extent()).isEqualTo(12.0 / 16);
        assertThat(s.areaShare()).isEqualTo(12.0 / 200);
    }

    @Test
    void onlyTheLargestPartIsMeasured() {
        // A 3x2 rectangle at x 0-2 and a 2x2 square at x 6-7: the rectangle alone counts (6 of 200 pixels);
        // the diagonal pixel (3,2) touches the rectangle's corner, so it joins it (8-connected): 7 pixels,
        // its hull runs through the corners (0,0) (3,0) (4,2) (4,3) (3,3) (0,2): the 4x3 box less the
        // triangles (3,0)-(4,0)-(4,2) and (0,2)-(0,3)-(3,3), 12 - 1 - 1.5 = 9.5.
        List<int[]> px = new ArrayList<>(List.of(rectangle(0, 0, 3, 2)));
        px.add(new int[] {3, 2});
        px.addAll(List.of(rectangle(6, 0, 2, 2)));
        LesionOutline.Shape s = LesionOutline.of(mask(20, 10, px.toArray(int[][]::new)));
        assertThat(s.areaShare()).isEqualTo(7.0 / 200);
        assertThat(s.aspect()).isEqualTo(3.0 / 4);
        assertThat(s.extent()).isEqualTo(7.0 / 12);
        assertThat(s.solidity()).isCloseTo(7.0 / 9.5, within(1e-12));
    }

    @Test
    void anEmptyMaskHasNoShape() {
        assertThat(LesionOutline.of(mask(20, 10, new int[0][]))).isNull();
    }

    @Test
    void outOfFoldProbabilitiesMatchScikitLearnOnTheSameFolds() {
        // Reference: for each fold, StandardScaler (population sd) fitted on the training rows, then
        // scikit-learn 1.2.1's LogisticRegression(C=1, solver='newton-cg', tol=1e-12); the test rows'
        // predict_proba averaged over the two fold assignments. Row 15 has no mask and takes no part.
        double[][] x = {{0.91, 1.4}, {0.62, 2.3}, {0.95, 1.1}, {0.70, 1.9}, {0.88, 0.9}, {0.55, 2.8}, {0.97, 1.2},
                {0.66, 1.6}, {0.93, 1.0}, {0.60, 2.1}, {0.85, 1.3}, {0.72, 2.6}, {0.99, 0.8}, {0.58, 1.7}, {0.90, 1.5},
                null, {0.68, 2.2}, {0.94, 0.95}, {0.75, 1.8}, {0.81, 1.25}};
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0};
        int[][] folds = {{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4},
                {4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0}};
        double[] expected = {0.2903115919, 0.9172132027, 0.136022382, 0.6485926316, 0.148722365, 0.9621392811,
                0.1408122887, 0.6208671116, 0.0926806188, 0.905353114, 0.3056315722, 0.8943849144, 0.0730901237,
                0.7069060584, 0.1859139746, Double.NaN, 0.9286820544, 0.120445695, 0.55489997, 0.3118114551};
        double[] p = LesionOutline.outOfFold(x, y, folds, true);
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(expected[i])) assertThat(p[i]).isNaN();
            else assertThat(p[i]).as("image %d", i).isCloseTo(expected[i], within(1e-7));
        }
    }

    @Test
    void foldsKeepEachGroupTogetherAndDealGroupsEvenly() {
        // 12 groups of 1 to 3 images: each repeat puts every group in one fold, and each fold gets 2 or 3 groups.
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < 12; g++) for (int v = 0; v <= g % 3; v++) groups.add("g" + g);
        int[][] folds = LesionOutline.folds(groups, 7);
        assertThat(folds).hasNumberOfRows(LesionOutline.REPEATS);
        for (int[] fold : folds) {
            java.util.Map<String, java.util.Set<Integer>> byGroup = new java.util.HashMap<>();
            for (int i = 0; i < groups.size(); i++) byGroup.computeIfAbsent(groups.get(i), k -> new java.util.HashSet<>()).add(fold[i]);
            assertThat(byGroup.values()).allSatisfy(f -> assertThat(f).hasSize(1));
            int[] groupsPerFold = new int[LesionOutline.FOLDS];
            byGroup.values().forEach(f -> groupsPerFold[f.iterator().next()]++);
            for (int c : groupsPerFold) assertThat(c).isBetween(2, 3);
        }
        assertThat(folds[0]).isNotEqualTo(folds[1]); // repeats shuffle differently
    }

    @Test
    void theNetworksAreScoredOnTheImagesBothViewsScoreAndAMissingOutlineOnATestedImageBars() {
        // Twelve images, one patient each; image 11 has no mask. Networks' P(positive): image 10 never tested.
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        double[] networks = {0.1, 0.9, 0.2, 0.8, 0.7, 0.6, 0.3, 0.4, 0.35, 0.95, Double.NaN, 0.5};
        LesionOutline.Shape[] shapes = new LesionOutline.Shape[12];
        for (int i = 0; i < 11; i++) shapes[i] = new LesionOutline.Shape(y[i] == 1 ? 0.7 + 0.01 * i : 0.95 - 0.01 * i, 1, 0.8, 0.1);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 12; i++) groups.add("p" + i);
        LesionOutline.Result r = LesionOutline.of(shapes, y, networks, groups, 3);
        // Both views score images 0-9: the networks' AUC there, by hand: negatives 0.1 0.2 0.7 0.3 0.35,
        // positives 0.9 0.8 0.6 0.4 0.95; the positive 0.6 loses to 0.7, the positive 0.4 to 0.7: 23 of 25 pairs.
        assertThat(r.networksAuc()).isCloseTo(23.0 / 25, within(1e-12));
        assertThat(r.outline()[11]).isNaN();
        assertThat(r.outline()[10]).isNotNaN(); // an outline, though never tested
        assertThat(r.views()[10]).isNaN();
        assertThat(r.complete()).isFalse(); // image 11 was tested and has no outline
        assertThat(r.leads()).isFalse();
        networks[11] = Double.NaN; // untested as well: nothing tested lacks an outline
        assertThat(LesionOutline.of(shapes, y, networks, groups, 3).complete()).isTrue();
    }

    @Test
    void masksOnOneClassAloneGiveNoOpinionAndDoNotLead() {
        // Only the positive images have masks: nothing to tell the classes apart by.
        int[] y = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        double[] networks = {0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.1, 0.9, 0.35, 0.65};
        LesionOutline.Shape[] shapes = new LesionOutline.Shape[10];
        for (int i = 1; i < 10; i += 2) shapes[i] = new LesionOutline.Shape(0.8 + 0.02 * i, 1, 0.7, 0.1);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 10; i++) groups.add("p" + i);
        LesionOutline.Result r = LesionOutline.of(shapes, y, networks, groups, 1);
        for (double p : r.outline()) assertThat(p).isNaN();
        assertThat(r.leads()).isFalse();
    }
}
