package pma.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import pma.BadInputException;

/** Patients as groups of image indices, each with the class it is stratified by. */
final class Groups {
    final int[][] members;
    final int[] groupClass;

    private Groups(int[][] members, int[] groupClass) {
        this.members = members;
        this.groupClass = groupClass;
    }

    static Groups of(int[] targets, String[] patients) {
        if (targets.length != patients.length) throw new IllegalArgumentException("targets and patients differ in length");
        Map<String, List<Integer>> byPatient = new LinkedHashMap<>(); // manifest order, so plans are reproducible
        for (int i = 0; i < targets.length; i++) byPatient.computeIfAbsent(patients[i], k -> new ArrayList<>()).add(i);
        int[][] members = new int[byPatient.size()][];
        int[] cls = new int[members.length];
        int g = 0;
        for (List<Integer> m : byPatient.values()) {
            members[g] = m.stream().mapToInt(Integer::intValue).toArray();
            int positives = (int) m.stream().filter(i -> targets[i] == 1).count();
            cls[g] = 2 * positives >= m.size() ? 1 : 0; // majority class; a tie counts as positive
            g++;
        }
        return new Groups(members, cls);
    }

    /** Group ids of one class, in manifest order. */
    List<Integer> ofClass(int c) {
        List<Integer> ids = new ArrayList<>();
        for (int g = 0; g < members.length; g++) if (groupClass[g] == c) ids.add(g);
        return ids;
    }

    int imageCount(List<Integer> groups) {
        int n = 0;
        for (int g : groups) n += members[g].length;
        return n;
    }

    /**
     * Deals groups to parts: each part's image count ends within one group of its share, and each
     * group lands in part {@code p} with probability {@code shares[p]} whatever its size.
     *
     * <p>The groups, in a random order, are laid end to end on a circle as long as their images and
     * the circle is turned by a uniform random offset; a group goes to the part whose arc (between
     * cumulative share boundaries) holds its start. Under the random turn any one group's start is
     * uniform on the circle, so its chance of a part is the arc's share exactly, large or small
     * (systematic sampling turned around; without the turn, a large group's start could never fall
     * in the last stretch of the line, and large groups would be validated less often). A part's
     * groups are those starting in its arc, so its count differs from the arc's length by less than
     * the groups straddling its two ends.
     *
     * <p>A part whose arc is shorter than a group can be left without one. Such an arrangement is
     * drawn again (the groups then have the share as their chance only approximately; it never
     * happens when every arc is longer than the largest group); if many draws fail, the smallest
     * group of the part with most groups moves to the empty part.
     *
     * @param groups group ids, at least as many as parts
     * @param shares shares of the parts, summing to 1
     * @return group ids of each part, in the order of {@code shares}
     */
    List<List<Integer>> allocate(List<Integer> groups, double[] shares, Random random) {
        double total = imageCount(groups);
        double[] boundary = new double[shares.length];
        for (int p = 1; p < shares.length; p++) boundary[p] = boundary[p - 1] + shares[p - 1] * total;
        List<Integer> order = new ArrayList<>(groups);
        List<List<Integer>> parts = null;
        for (int attempt = 0; attempt < MAX_DRAWS && (parts == null || hasEmpty(parts)); attempt++) {
            Collections.shuffle(order, random);
            double start = random.nextDouble() * total;
            parts = new ArrayList<>();
            for (int p = 0; p < shares.length; p++) parts.add(new ArrayList<>());
            for (int g : order) {
                parts.get(partAt(boundary, start)).add(g);
                start += members[g].length;
                if (start >= total) start -= total;
            }
        }
        if (groups.size() >= shares.length) fillEmpty(parts);
        return parts;
    }

    /** Draws of {@link #allocate} before it stops relying on chance; a few suffice unless a group dwarfs a part. */
    private static final int MAX_DRAWS = 100;

    private static int partAt(double[] boundary, double point) {
        int p = boundary.length - 1;
        while (p > 0 && point < boundary[p]) p--;
        return p;
    }

    private static boolean hasEmpty(List<List<Integer>> parts) {
        return parts.stream().anyMatch(List::isEmpty);
    }

    private void fillEmpty(List<List<Integer>> parts) {
        for (List<Integer> empty : parts) {
            if (!empty.isEmpty()) continue;
            List<Integer> donor = parts.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
            Integer smallest = donor.stream().min(Comparator.comparingInt((Integer g) -> members[g].length)).orElseThrow();
            donor.remove(smallest);
            empty.add(smallest);
        }
    }

    /** Fails with a clear message when a class has too few patients to give every part one. */
    void requireGroupsPerClass(int needed, String[] classNames, String scheme) {
        for (int c = 0; c < 2; c++) {
            int count = 0;
            for (int cls : groupClass) if (cls == c) count++;
            if (count < needed) {
                throw new BadInputException("class '" + classNames[c] + "' has " + count + " patient(s); the "
                        + scheme + " split needs at least " + needed + " per class");
            }
        }
    }

    static double[] normalise(double[] shares) {
        double s = Arrays.stream(shares).sum();
        return Arrays.stream(shares).map(x -> x / s).toArray();
    }
}
