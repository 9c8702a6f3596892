package pma.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import pma.dataset.Dataset;
import pma.split.Role;
import pma.split.Split;
import pma.stats.BenjaminiHochberg;
import pma.stats.Fisher;
import pma.stats.Interval;

/**
 * The paper's Table 2: how rare each annotated feature value is in the dataset and in training
 * sets, and whether it is enriched among the flagged images.
 *
 * <p>Rows: one per annotated feature column, for the value 1 when the column holds only 0 and 1,
 * else one per category value; then one per {@code subtype} value. An empty cell means "not
 * annotated": the image is left out of that feature's counts (numerators and denominators).
 * Enrichment compares flagged with not flagged annotated images in a 2×2 table (Fisher's exact
 * test, sample odds ratio with Woolf's interval, see {@link Fisher}). Only images that could have
 * been flagged take part: one never tested, or tested fewer times than the flag rule needs, is
 * neither flagged nor evidence of "not flagged", so it is left out of the table (and counted in
 * {@link Row#notFlaggable()}), as the CAM analysis leaves it out of its controls. The p-values of all rows are
 * then adjusted together by Benjamini–Hochberg. A table with an empty margin (no flagged annotated
 * image, every annotated image flagged, or the value on none or all of them) tests nothing: its
 * odds ratio, interval and p-value are left empty, and it does not count in the adjustment.
 */
public final class FeatureRarity {
    private FeatureRarity() {}

    /**
     * One feature value.
     *
     * @param images annotated images with the value
     * @param shareDataset {@code images} / annotated images
     * @param meanShareTrain mean over runs of the value's share among the annotated images of the
     *     run's training set; NaN without splits
     * @param flaggedWith flagged images with the value
     * @param shareFlagged {@code flaggedWith} / annotated flagged images; NaN when none is flagged
     * @param oddsRatio odds of the value among flagged over not flagged images
     * @param fisherP two-sided Fisher exact p
     * @param bhQ Benjamini–Hochberg q over every row
     * @param notFlaggable annotated images left out of the 2×2 table: never tested, or too few
     *     test appearances to be flagged
     */
    public record Row(String feature, String value, int images, double shareDataset, double meanShareTrain,
                      int flaggedWith, double shareFlagged, double oddsRatio, Interval orCi, double fisherP, double bhQ,
                      int notFlaggable) {}

    public static final String SUBTYPE = "subtype";

    /**
     * @param flagged the flagged images
     * @param flaggable the images that could have been flagged (tested often enough); the flagged
     *     ones among them
     */
    static List<Row> compute(Dataset dataset, List<Split> splits, List<RunData> runs, Set<Integer> flagged,
                             Set<Integer> flaggable) {
        List<String> names = new ArrayList<>(dataset.featureColumns());
        List<IntFunction<String>> cells = new ArrayList<>();
        for (String f : dataset.featureColumns()) cells.add(i -> dataset.images().get(i).features().getOrDefault(f, ""));
        if (dataset.images().stream().anyMatch(r -> !r.subtype().isEmpty())) {
            names.add(SUBTYPE);
            cells.add(i -> dataset.images().get(i).subtype());
        }
        // Runs per iteration: the training share is a mean over runs, and runs of one iteration share a split.
        Map<Integer, Integer> runsPerIteration = new HashMap<>();
        for (RunData r : runs) runsPerIteration.merge(r.run().iteration(), 1, Integer::sum);
        List<int[]> trainSets = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (Split s : splits) {
            Integer w = runsPerIteration.get(s.iteration());
            if (w == null) continue;
            trainSets.add(s.indices(Role.TRAIN));
            weights.add(w);
        }

        int n = dataset.size();
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            IntFunction<String> cell = cells.get(f);
            String[] v = new String[n];
            for (int i = 0; i < n; i++) v[i] = cell.apply(i).trim();
            for (String value : values(v)) rows.add(row(names.get(f), value, v, flagged, flaggable, trainSets, weights));
        }
        double[] q = BenjaminiHochberg.adjust(rows.stream().mapToDouble(Row::fisherP).toArray());
        List<Row> out = new ArrayList<>(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            out.add(new Row(r.feature(), r.value(), r.images(), r.shareDataset(), r.meanShareTrain(), r.flaggedWith(),
                    r.shareFlagged(), r.oddsRatio(), r.orCi(), r.fisherP(), q[k], r.notFlaggable()));
        }
        return out;
    }

    /** The values a column gets rows for: "1" for a 0/1 column, else every value, numbers in numeric order. */
    static List<String> values(String[] cells) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String c : cells) if (!c.isEmpty()) distinct.add(c);
        if (distinct.isEmpty()) return List.of();
        if (Set.of("0", "1").containsAll(distinct)) return List.of("1");
        boolean numeric = distinct.stream().allMatch(FeatureRarity::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        TreeSet<String> sorted = new TreeSet<>(order.thenComparing(Comparator.naturalOrder()));
        sorted.addAll(distinct);
        return List.copyOf(sorted);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Row row(String feature, String value, String[] cells, Set<Integer> flagged, Set<Integer> flaggable,
                           List<int[]> trainSets, List<Integer> weights) {
        // Dataset counts over every annotated image; the 2×2 table over the flaggable ones only.
        int annotated = 0, with = 0, left = 0, tested = 0, testedWith = 0, flaggedAnnotated = 0, flaggedWith = 0;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].isEmpty()) continue;
            boolean has = cells[i].equals(value);
            annotated++;
            if (has) with++;
            if (!flaggable.contains(i)) {
                left++;
                continue;
            }
            tested++;
            if (has) testedWith++;
            boolean fl = flagged.contains(i);
            if (fl) flaggedAnnotated++;
            if (fl && has) flaggedWith++;
        }
        double shareSum = 0;
        int shareRuns = 0;
        for (int k = 0; k < trainSets.size(); k++) {
            int a = 0, w = 0;
            for (int i : trainSets.get(k)) {
                if (cells[i].isEmpty()) continue;
                a++;
                if (cells[i].equals(value)) w++;
            }
            if (a == 0) continue;
            shareSum += weights.get(k) * (double) w / a;
            shareRuns += weights.get(k);
        }
        int b = flaggedAnnotated - flaggedWith;
        int c = testedWith - flaggedWith;
        int d = tested - flaggedAnnotated - c;
        boolean testable = flaggedAnnotated > 0 && flaggedAnnotated < tested && testedWith > 0 && testedWith < tested;
        double or = Double.NaN, p = Double.NaN;
        Interval ci = new Interval(Double.NaN, Double.NaN);
        if (testable) {
            Fisher.Result r = Fisher.test(flaggedWith, b, c, d);
            or = r.oddsRatio();
            ci = r.ci95();
            p = r.p();
        }
        return new Row(feature, value, with, (double) with / annotated, shareRuns == 0 ? Double.NaN : shareSum / shareRuns,
                flaggedWith, flaggedAnnotated == 0 ? Double.NaN : (double) flaggedWith / flaggedAnnotated, or, ci, p,
                Double.NaN, left);
    }
}
