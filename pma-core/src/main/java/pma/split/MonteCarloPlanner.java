package pma.split;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import pma.BadInputException;

/**
 * The paper's scheme: each iteration draws a fresh random train/validation/test split
 * (80/10/10 by default), stratified by class and grouped by patient.
 *
 * <p>An image's number of test appearances varies between images (about 10 ± 3 in 100
 * iterations at 10% test); {@link KFoldPlanner} gives every image the same number.
 */
public final class MonteCarloPlanner implements SplitPlanner {
    private final Groups groups;
    private final int imageCount;
    private final double[] shares;
    private final long baseSeed;
    private final int iterations;

    /**
     * @param shares train, validation and test shares; must sum to 1
     * @param classNames names of class 0 and class 1, for messages
     */
    public MonteCarloPlanner(int[] targets, String[] patients, double[] shares, int iterations, long baseSeed,
                             String[] classNames) {
        if (shares.length != 3) throw new IllegalArgumentException("need train, validation and test shares");
        for (double s : shares) {
            if (!(s > 0 && s < 1)) throw new BadInputException("split shares must each be between 0 and 1, got " + fmt(shares));
        }
        if (Math.abs(shares[0] + shares[1] + shares[2] - 1) > 1e-6) {
            throw new BadInputException("split shares must sum to 1, got " + fmt(shares));
        }
        if (iterations < 1) throw new BadInputException("--iterations must be at least 1, got " + iterations);
        this.groups = Groups.of(targets, patients);
        this.imageCount = targets.length;
        this.shares = shares.clone();
        this.baseSeed = baseSeed;
        this.iterations = iterations;
        double smallest = Math.min(shares[1], shares[2]);
        groups.requireGroupsPerClass((int) Math.ceil(1 / smallest - 1e-9), classNames, describeShares());
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public Split plan(int iteration) {
        if (iteration < 0 || iteration >= iterations) throw new IllegalArgumentException("no iteration " + iteration);
        long seed = Seeds.derive(baseSeed, iteration);
        Random random = new Random(seed);
        Role[] roles = new Role[imageCount];
        Role[] parts = {Role.TRAIN, Role.VAL, Role.TEST};
        for (int c = 0; c < 2; c++) {
            List<List<Integer>> dealt = groups.allocate(groups.ofClass(c), shares, random);
            for (int p = 0; p < parts.length; p++) {
                for (int g : dealt.get(p)) {
                    for (int i : groups.members[g]) roles[i] = parts[p];
                }
            }
        }
        return new Split(iteration, seed, roles);
    }

    @Override
    public String describe() {
        return "Monte Carlo " + describeShares() + ", " + iterations + " iterations, stratified, grouped by patient";
    }

    private String describeShares() {
        return String.format(Locale.ROOT, "%.0f/%.0f/%.0f", shares[0] * 100, shares[1] * 100, shares[2] * 100);
    }

    private static String fmt(double[] s) {
        return String.format(Locale.ROOT, "%s/%s/%s", s[0], s[1], s[2]);
    }
}
