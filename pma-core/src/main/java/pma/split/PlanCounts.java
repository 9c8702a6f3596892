package pma.split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each image lands in training, validation and test over a whole plan: the plan's
 * fairness, seen without training anything.
 *
 * @param train per image, the iterations it trains in
 * @param val per image, the iterations it validates in
 * @param test per image, the iterations it is tested in
 */
public record PlanCounts(int[] train, int[] val, int[] test) {

    /**
     * The counts of every iteration of a plan.
     *
     * @param images number of images the planner was built on
     */
    public static PlanCounts of(SplitPlanner planner, int images) {
        int[] train = new int[images], val = new int[images], test = new int[images];
        for (int it = 0; it < planner.iterations(); it++) {
            Role[] roles = planner.plan(it).roles();
            for (int i = 0; i < images; i++) {
                switch (roles[i]) {
                    case TRAIN -> train[i]++;
                    case VAL -> val[i]++;
                    case TEST -> test[i]++;
                    case EXCLUDED -> { } // planners never exclude; exclusion sets come later
                }
            }
        }
        return new PlanCounts(train, val, test);
    }

    /** Number of images of each image's patient, by image index. */
    public static int[] groupSizes(String[] patients) {
        Map<String, Integer> size = new LinkedHashMap<>();
        for (String p : patients) size.merge(p, 1, Integer::sum);
        int[] out = new int[patients.length];
        for (int i = 0; i < patients.length; i++) out[i] = size.get(patients[i]);
        return out;
    }

    /**
     * Test and validation counts of the images of patients of one size.
     *
     * @param groupSize images per patient
     * @param groups patients of that size
     * @param images their images
     */
    public record BySize(int groupSize, int groups, int images, double meanTest, int minTest, double meanVal, int minVal) {}

    /** One row per patient size present, smallest first. */
    public List<BySize> bySize(String[] patients) {
        int[] sizes = groupSizes(patients);
        Map<Integer, List<Integer>> imagesOfSize = new TreeMap<>();
        for (int i = 0; i < sizes.length; i++) imagesOfSize.computeIfAbsent(sizes[i], k -> new ArrayList<>()).add(i);
        List<BySize> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : imagesOfSize.entrySet()) {
            List<Integer> idx = e.getValue();
            double sumTest = 0, sumVal = 0;
            int minTest = Integer.MAX_VALUE, minVal = Integer.MAX_VALUE;
            for (int i : idx) {
                sumTest += test[i];
                sumVal += val[i];
                minTest = Math.min(minTest, test[i]);
                minVal = Math.min(minVal, val[i]);
            }
            out.add(new BySize(e.getKey(), idx.size() / e.getKey(), idx.size(), sumTest / idx.size(), minTest,
                    sumVal / idx.size(), minVal));
        }
        return out;
    }
}
