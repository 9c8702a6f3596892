package pma.opinions;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.dataset.Preprocessor;
import pma.stats.Auc;
import pma.stats.LogisticRegression;

/**
 * A second view of each label from the lesion's outline, where masks exist: how irregular, how tall
 * and how large the lesion is (the shape and orientation terms of BI-RADS and TI-RADS) predict its
 * class, out of fold, by a logistic regression fitted on the given labels.
 *
 * <p>The view sees something the networks may not: the traced outline, not the pixels. Where it
 * predicts the given labels better than the networks' pooled out-of-sample probabilities do (its AUC
 * against the given labels is higher), pma's default order stacks the two: a second logistic
 * regression on both views' log-odds, again out of fold, whose probability of the other class,
 * averaged over the patient group, orders the images. Where it does not, the outline is reported and
 * the order stays the networks' own. How well an outline predicts the label depends on how the masks
 * were drawn (docs/detection.md): on BUSI, whose malignant lesions were traced along their irregular
 * margins, solidity alone separates the classes almost perfectly; on DDTI, whose outlines are coarse
 * polygons, barely at all.
 */
public final class LesionOutline {
    private LesionOutline() {}

    /** K of the group K-fold. */
    public static final int FOLDS = 5;
    /** Repeats of the K-fold, each with other folds; the out-of-fold probabilities are averaged. */
    public static final int REPEATS = 3;
    /** Inverse penalty of both regressions (scikit-learn's default). */
    public static final double C = 1.0;
    private static final double CLIP = 1e-6;

    /**
     * The shape of one mask's largest lesion.
     *
     * @param solidity lesion area / area of its convex hull (1 = convex; lower = lobulated or spiculated)
     * @param aspect height / width of its bounding box (above 1 = taller than wide)
     * @param extent lesion area / bounding-box area
     * @param areaShare lesion area / image area
     */
    public record Shape(double solidity, double aspect, double extent, double areaShare) {
        /** The regression's inputs: the four descriptors, the area share on a log scale. */
        double[] inputs() {
            return new double[] {solidity, aspect, extent, Math.log(areaShare)};
        }
    }

    /**
     * @param shapes per image, null where it has no usable mask
     * @param outline out-of-fold P(positive) from the outline alone (NaN without a mask)
     * @param outlineAuc AUC of {@code outline} against the given labels, over images both views score
     * @param networksAuc AUC of the networks' pooled probabilities over the same images
     * @param views out-of-fold P(positive) of the stacked views (NaN unless both score the image)
     * @param complete whether every image the networks tested has an outline (a mask with a lesion)
     */
    public record Result(Shape[] shapes, double[] outline, double outlineAuc, double networksAuc, double[] views,
                         boolean complete) {
        /**
         * Whether pma's order stacks both views: the outline predicts the given labels better than the
         * networks, and every tested image has one (an order in which images without a mask all came
         * last would say nothing about them).
         */
        public boolean leads() {
            return complete && outlineAuc > networksAuc;
        }

        /** The outline's out-of-fold probability of the class other than {@code target}; NaN without one. */
        public double otherClass(int image, int target) {
            return target == 1 ? 1 - outline[image] : outline[image];
        }
    }

    /**
     * The shape of the largest lesion in a mask (&gt; 127 inside; parts 8-connected); null when the
     * mask has no lesion pixel. Masks that join several lesions (or stray specks) into one would
     * otherwise measure the space between them as a concavity.
     */
    public static Shape of(BufferedImage mask) {
        int w = mask.getWidth(), h = mask.getHeight();
        boolean grey = mask.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] pixels = grey ? mask.getRaster().getSamples(0, 0, w, h, 0, (int[]) null) : mask.getRGB(0, 0, w, h, null, 0, w);
        boolean[] inside = new boolean[w * h];
        for (int i = 0; i < inside.length; i++) inside[i] = (grey ? pixels[i] : (pixels[i] >> 8) & 0xff) > 127;
        int[] largest = largestPart(inside, w, h);
        if (largest.length == 0) return null;
        // Traced within the part's own box (plus a blank border): the outline of a whole image is slow.
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int p : largest) {
            x0 = Math.min(x0, p % w);
            x1 = Math.max(x1, p % w);
            y0 = Math.min(y0, p / w);
            y1 = Math.max(y1, p / w);
        }
        ByteProcessor ip = new ByteProcessor(x1 - x0 + 3, y1 - y0 + 3);
        for (int p : largest) ip.set(p % w - x0 + 1, p / w - y0 + 1, 255);
        ip.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = ThresholdToSelection.run(new ImagePlus("mask", ip));
        Rectangle box = roi.getBounds();
        double area = largest.length;
        double hull = polygonArea(roi.getFloatConvexHull());
        return new Shape(area / hull, (double) box.height / box.width, area / ((double) box.width * box.height),
                area / ((double) w * h));
    }

    /** Pixel indices of the largest 8-connected part of {@code inside} (the first found among equals). */
    private static int[] largestPart(boolean[] inside, int w, int h) {
        boolean[] seen = new boolean[inside.length];
        int[] best = new int[0];
        int[] queue = new int[inside.length];
        for (int start = 0; start < inside.length; start++) {
            if (!inside[start] || seen[start]) continue;
            int head = 0, tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++], px = p % w, py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = px + dx, y = py + dy;
                        if (x < 0 || y < 0 || x >= w || y >= h) continue;
                        int q = y * w + x;
                        if (inside[q] && !seen[q]) {
                            seen[q] = true;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            if (tail > best.length) best = java.util.Arrays.copyOf(queue, tail);
        }
        return best;
    }

    /** Shapes of every image's mask; null when the dataset has no masks or one cannot be read. */
    public static Shape[] read(Dataset dataset) {
        if (dataset.images().stream().noneMatch(ImageRecord::hasMask)) return null;
        Shape[] shapes = new Shape[dataset.size()];
        try {
            for (ImageRecord r : dataset.images()) {
                if (r.hasMask()) shapes[r.index()] = of(Preprocessor.decode(dataset.resolve(r.mask()), r.mask()));
            }
        } catch (BadInputException e) {
            return null; // the dataset folder moved or changed since the run: the order stays the networks'
        }
        return shapes;
    }

    /**
     * Both views, out of fold.
     *
     * @param shapes per image (null entries: no mask)
     * @param targets given labels
     * @param networks the networks' pooled out-of-sample P(positive) per image (NaN when never tested)
     * @param groups patient group per image: folds never split one
     * @param seed seeds the folds
     */
    public static Result of(Shape[] shapes, int[] targets, double[] networks, List<String> groups, long seed) {
        int n = targets.length;
        double[][] inputs = new double[n][];
        for (int i = 0; i < n; i++) if (shapes[i] != null) inputs[i] = shapes[i].inputs();
        double[] outline = outOfFold(inputs, targets, folds(groups, seed), true);
        double[][] stacked = new double[n][];
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(outline[i]) && !Double.isNaN(networks[i])) {
                stacked[i] = new double[] {logit(networks[i]), logit(outline[i])};
            }
        }
        double[] views = outOfFold(stacked, targets, folds(groups, seed + REPEATS), false);
        List<Integer> both = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < n; i++) {
            if (stacked[i] != null) both.add(i);
            else if (!Double.isNaN(networks[i])) complete = false;
        }
        double outlineAuc = auc(outline, targets, both), networksAuc = auc(networks, targets, both);
        return new Result(shapes.clone(), outline, outlineAuc, networksAuc, views, complete);
    }

    /**
     * {@link #REPEATS} group K-fold assignments: per repeat, each image's fold. The distinct groups,
     * in order of first appearance, are shuffled with {@code seed + repeat} and dealt round-robin, so
     * the folds differ in size by at most one group and never split a group.
     */
    static int[][] folds(List<String> groups, long seed) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(groups));
        int[][] folds = new int[REPEATS][groups.size()];
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            List<String> shuffled = new ArrayList<>(distinct);
            Collections.shuffle(shuffled, new Random(seed + repeat));
            Map<String, Integer> fold = new HashMap<>();
            for (int g = 0; g < shuffled.size(); g++) fold.put(shuffled.get(g), g % FOLDS);
            for (int i = 0; i < groups.size(); i++) folds[repeat][i] = fold.get(groups.get(i));
        }
        return folds;
    }

    /**
     * Out-of-fold P(positive) of a logistic regression on {@code inputs} (null rows take no part and
     * get NaN), averaged over the repeats of {@code folds}.
     *
     * @param folds per repeat, each image's fold in 0..FOLDS-1
     * @param standardise scale each input by the training fold's mean and standard deviation first
     */
    static double[] outOfFold(double[][] inputs, int[] targets, int[][] folds, boolean standardise) {
        int n = targets.length;
        double[] sum = new double[n];
        for (int[] fold : folds) {
            for (int k = 0; k < FOLDS; k++) {
                List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (inputs[i] == null) continue;
                    (fold[i] == k ? test : train).add(i);
                }
                if (test.isEmpty() || train.isEmpty()) continue;
                double[][] scale = standardise ? scale(inputs, train) : null;
                double[][] x = new double[train.size()][];
                int[] y = new int[train.size()];
                for (int t = 0; t < train.size(); t++) {
                    x[t] = scaled(inputs[train.get(t)], scale);
                    y[t] = targets[train.get(t)];
                }
                if (java.util.Arrays.stream(y).distinct().count() < 2) {
                    // One class to learn from (masks on one class's images only): no opinion.
                    for (int i : test) sum[i] = Double.NaN;
                    continue;
                }
                LogisticRegression.Fit fit = LogisticRegression.fit(x, y, C);
                for (int i : test) sum[i] += fit.probability(scaled(inputs[i], scale));
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = inputs[i] == null ? Double.NaN : sum[i] / folds.length;
        return out;
    }

    /** Each input's mean and (population) standard deviation over the training rows; sd 0 counts as 1. */
    private static double[][] scale(double[][] inputs, List<Integer> rows) {
        int d = inputs[rows.get(0)].length;
        double[] mean = new double[d], sd = new double[d];
        for (int i : rows) for (int j = 0; j < d; j++) mean[j] += inputs[i][j] / rows.size();
        for (int i : rows) for (int j = 0; j < d; j++) sd[j] += Math.pow(inputs[i][j] - mean[j], 2) / rows.size();
        for (int j = 0; j < d; j++) sd[j] = sd[j] == 0 ? 1 : Math.sqrt(sd[j]);
        return new double[][] {mean, sd};
    }

    private static double[] scaled(double[] x, double[][] scale) {
        if (scale == null) return x;
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) out[j] = (x[j] - scale[0][j]) / scale[1][j];
        return out;
    }

    private static double logit(double p) {
        double q = Math.min(1 - CLIP, Math.max(CLIP, p));
        return Math.log(q / (1 - q));
    }

    private static double auc(double[] scores, int[] targets, List<Integer> rows) {
        double[] s = new double[rows.size()];
        int[] y = new int[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            s[k] = scores[rows.get(k)];
            y[k] = targets[rows.get(k)];
        }
        return Auc.of(s, y);
    }

    /** Shoelace area of a closed polygon. */
    private static double polygonArea(FloatPolygon p) {
        double twice = 0;
        for (int i = 0; i < p.npoints; i++) {
            int j = (i + 1) % p.npoints;
            twice += (double) p.xpoints[i] * p.ypoints[j] - (double) p.xpoints[j] * p.ypoints[i];
        }
        return Math.abs(twice) / 2;
    }
}
