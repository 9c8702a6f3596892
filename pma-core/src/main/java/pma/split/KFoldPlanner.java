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
        for (int c = 0; c < 2; c++) {
            List<Integer> ids = groups.shuffledOfClass(c, foldRandom);
            int[] foldOf = byFold(ids);
            List<Integer> rest = new ArrayList<>();
            for (int k = 0; k < ids.size(); k++) {
                if (foldOf[k] == fold) {
                    for (int i : groups.members[ids.get(k)]) roles[i] = Role.TEST;
                } else {
                    rest.add(ids.get(k));
                }
            }
            java.util.Collections.shuffle(rest, valRandom);
            rest.sort(java.util.Comparator.comparingInt((Integer g) -> groups.members[g].length).reversed());
            int[] part = groups.allocate(rest, new double[] {1 - valOfRest, valOfRest});
            for (int k = 0; k < rest.size(); k++) {
                for (int i : groups.members[rest.get(k)]) roles[i] = part[k] == 0 ? Role.TRAIN : Role.VAL;
            }
        }
        return new Split(iteration, seed, roles);
    }

    /** Deals groups (largest first) to the fold with the fewest images so far. */
    private int[] byFold(List<Integer> ids) {
        int[] filled = new int[folds];
        int[] foldOf = new int[ids.size()];
        for (int k = 0; k < ids.size(); k++) {
            int best = 0;
            for (int f = 1; f < folds; f++) if (filled[f] < filled[best]) best = f;
            foldOf[k] = best;
            filled[best] += groups.members[ids.get(k)].length;
        }
        return foldOf;
    }

    @Override
    public String describe() {
        return repeats + " x " + folds + "-fold cross-validation (validation " + Math.round(valShare * 100)
                + "% carved from training folds), stratified, grouped by patient";
    }
}
