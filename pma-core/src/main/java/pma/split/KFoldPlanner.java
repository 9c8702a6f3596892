package pma.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import pma.BadInputException;

/**
 * Repeated grouped stratified K-fold: each repeat tests every image exactly once, so every image
 * gets the same number of test appearances for the same compute.
 *
 * <p>Iteration {@code i} is fold {@code i % k} of repeat {@code i / k}. Validation is carved from
 * the training folds (grouped and stratified too), {@code valShare} of the whole dataset.
 */
public final class KFoldPlanner implements SplitPlanner {
    private final Groups groups;
    private final int imageCount;
    private final int folds;
    private final int repeats;
    private final double valShare;
    private final long baseSeed;

    public KFoldPlanner(int[] targets, String[] patients, int folds, int repeats, double valShare, long baseSeed,
                        String[] classNames) {
        if (folds < 2 || folds > 100) throw new BadInputException("--folds must be between 2 and 100, got " + folds);
        if (repeats < 1) throw new BadInputException("--repeats must be at least 1, got " + repeats);
        if (!(valShare > 0 && valShare < 1 - 1.0 / folds)) {
            throw new BadInputException("--val-share must be above 0 and below " + (1 - 1.0 / folds) + ", got " + valShare);
        }
        this.groups = Groups.of(targets, patients);
        this.imageCount = targets.length;
        this.folds = folds;
        this.repeats = repeats;
        this.valShare = valShare;
        this.baseSeed = baseSeed;
        int forVal = (int) Math.ceil(1 / valShare - 1e-9);
        groups.requireGroupsPerClass(Math.max(folds + 1, forVal), classNames, folds + "-fold");
    }

    @Override
    public int iterations() {
        return folds * repeats;
    }

    @Override
    public Split plan(int iteration) {
        if (iteration < 0 || iteration >= iterations()) throw new IllegalArgumentException("no iteration " + iteration);
        int repeat = iteration / folds, fold = iteration % folds;
        Random foldRandom = new Random(Seeds.derive(baseSeed, repeat));
        long seed = Seeds.derive(baseSeed, repeat, fold);
        Random valRandom = new Random(seed);
        Role[] roles = new Role[imageCount];
        double valOfRest = valShare / (1 - 1.0 / folds);
        double[] foldShares = new double[folds];
        java.util.Arrays.fill(foldShares, 1.0 / folds);
        for (int c = 0; c < 2; c++) {
            // Every fold of a repeat draws the same deal from the repeat's seed, so the folds partition the data.
            List<List<Integer>> byFold = groups.allocate(groups.ofClass(c), foldShares, foldRandom);
            List<Integer> rest = new ArrayList<>();
            for (int f = 0; f < folds; f++) {
                if (f == fold) {
                    for (int g : byFold.get(f)) {
                        for (int i : groups.members[g]) roles[i] = Role.TEST;
                    }
                } else {
                    rest.addAll(byFold.get(f));
                }
            }
            List<List<Integer>> carve = groups.allocate(rest, new double[] {1 - valOfRest, valOfRest}, valRandom);
            for (int p = 0; p < 2; p++) {
                for (int g : carve.get(p)) {
                    for (int i : groups.members[g]) roles[i] = p == 0 ? Role.TRAIN : Role.VAL;
                }
            }
        }
        return new Split(iteration, seed, roles);
    }

    @Override
    public String describe() {
        return repeats + " x " + folds + "-fold cross-validation (validation " + Math.round(valShare * 100)
                + "% carved from training folds), stratified, grouped by patient";
    }
}
