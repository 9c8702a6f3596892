package pma.split;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** Group ids of one class, in a seeded random order, largest groups first (eases balancing). */
    List<Integer> shuffledOfClass(int c, Random random) {
        List<Integer> ids = new ArrayList<>();
        for (int g = 0; g < members.length; g++) if (groupClass[g] == c) ids.add(g);
        java.util.Collections.shuffle(ids, random);
        ids.sort(Comparator.comparingInt((Integer g) -> members[g].length).reversed()); // stable: keeps shuffle among equals
        return ids;
    }

    int imageCount(List<Integer> groups) {
        int n = 0;
        for (int g : groups) n += members[g].length;
        return n;
    }

    /**
     * Assigns each group to a part so that each part's image count approaches its share.
     * Greedy on the largest remaining deficit: every part ends within one group of its target.
     */
    int[] allocate(List<Integer> groups, double[] shares) {
        double total = imageCount(groups);
        double[] filled = new double[shares.length];
        int[] part = new int[groups.size()];
        for (int k = 0; k < groups.size(); k++) {
            int best = 0;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < shares.length; p++) {
                double deficit = shares[p] * total - filled[p];
                if (deficit > bestDeficit + 1e-9) {
                    bestDeficit = deficit;
                    best = p;
                }
            }
            part[k] = best;
            filled[best] += members[groups.get(k)].length;
        }
        return part;
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
