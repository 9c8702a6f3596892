package pma.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assumptions;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;

/**
 * Invariants of both split schemes over random datasets of grouped, labelled images, and their
 * fairness: a patient's chance of each part does not depend on how many images it has.
 */
class SplitPlannerPropertiesTest {
    private static final String[] CLASSES = {"benign", "malignant"};
    private static final double[] SHARES = {0.8, 0.1, 0.1};
    private static final Role[] PARTS = {Role.TRAIN, Role.VAL, Role.TEST};
    private static final int FOLDS = 5;
    private static final double VAL_SHARE = 0.1;
    /** Share of the training folds that the K-fold validation carve takes: 0.1 / (1 - 1/5). */
    private static final double VAL_OF_REST = 0.125;

    /**
     * Two-sided 1e-4 quantile of Student's t with 99 degrees of freedom: scipy.stats.t.ppf(1 - 5e-5, 99)
     * = 4.0550. Every size check below has 100 independent units, so 99 degrees of freedom.
     */
    private static final double T_99 = 4.0550;
    /** Family-wise false-alarm rate of each fairness check. */
    private static final double ALPHA = 1e-4;

    /** A dataset: per image a class and a patient, every patient's images of one class. */
    record Data(int[] targets, String[] patients) {
        Groups groups() {
            return Groups.of(targets, patients);
        }
    }

    /** Patient sizes 1–6, skewed towards small ones as in DDTI and BUSI (weights 40, 20, 15, 10, 8, 7). */
    private static int skewedSize(Random r) {
        int[] cumulative = {40, 60, 75, 85, 93, 100};
        int u = r.nextInt(100);
        int size = 1;
        while (u >= cumulative[size - 1]) size++;
        return size;
    }

    private static Data generate(long seed, int negGroups, int posGroups) {
        Random r = new Random(seed);
        List<Integer> t = new ArrayList<>();
        List<String> p = new ArrayList<>();
        int patient = 0;
        for (int c = 0; c < 2; c++) {
            for (int g = 0; g < (c == 0 ? negGroups : posGroups); g++) {
                int size = skewedSize(r);
                for (int k = 0; k < size; k++) {
                    t.add(c);
                    p.add("p" + patient);
                }
                patient++;
            }
        }
        // Images of a patient need not be adjacent in a manifest: interleave them by a seeded shuffle.
        Integer[] order = new Integer[t.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Collections.shuffle(Arrays.asList(order), r);
        int[] targets = new int[order.length];
        String[] patients = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            targets[i] = t.get(order[i]);
            patients[i] = p.get(order[i]);
        }
        return new Data(targets, patients);
    }

    /** Small datasets: 10–40 patients per class, the fewest an 80/10/10 split accepts upwards. */
    @Provide
    Arbitrary<Data> datasets() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(10, 40).tuple2()
                .map(n -> generate(seed, n.get1(), n.get2())));
    }

    /** Larger datasets, 100–150 patients per class: every part's span exceeds the largest patient. */
    @Provide
    Arbitrary<Data> larger() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(100, 150).tuple2()
                .map(n -> generate(seed, n.get1(), n.get2())));
    }

    private static MonteCarloPlanner monteCarlo(Data d, int iterations, long seed) {
        return new MonteCarloPlanner(d.targets, d.patients, SHARES, iterations, seed, CLASSES);
    }

    private static KFoldPlanner kfold(Data d, int repeats, long seed) {
        return new KFoldPlanner(d.targets, d.patients, FOLDS, repeats, VAL_SHARE, seed, CLASSES);
    }

    // ---- invariants, every iteration -------------------------------------------------------------

    @Property(tries = 60)
    void noPatientStraddlesPartitions(@ForAll("datasets") Data d, @ForAll long seed) {
        for (SplitPlanner planner : new SplitPlanner[] {monteCarlo(d, 10, seed), kfold(d, 2, seed)}) {
            for (int it = 0; it < planner.iterations(); it++) {
                Split s = planner.plan(it);
                Map<String, Role> rolesOf = new HashMap<>();
                for (int i = 0; i < d.targets.length; i++) {
                    Role prev = rolesOf.putIfAbsent(d.patients[i], s.roles()[i]);
                    assertThat(prev == null || prev == s.roles()[i]).as("patient %s, iteration %d", d.patients[i], it).isTrue();
                }
            }
        }
    }

    @Property(tries = 60)
    void everyImageLandsSomewhereAndEveryPartHasBothClasses(@ForAll("datasets") Data d, @ForAll long seed) {
        for (SplitPlanner planner : new SplitPlanner[] {monteCarlo(d, 10, seed), kfold(d, 2, seed)}) {
            for (int it = 0; it < planner.iterations(); it++) {
                Split s = planner.plan(it);
                for (Role r : s.roles()) assertThat(r).isIn(Role.TRAIN, Role.VAL, Role.TEST);
                for (Role role : PARTS) {
                    assertThat(Arrays.stream(s.indices(role)).map(i -> d.targets[i]).distinct().count())
                            .as("%s of iteration %d has both classes", role, it).isEqualTo(2);
                }
            }
        }
    }

    /**
     * In every iteration and class, each Monte Carlo part holds its share of the class's images to
     * within less than its largest patient: patients cannot be split, and one more or one fewer
     * is all the construction allows.
     */
    @Property(tries = 60)
    void monteCarloPartsAreWithinOnePatientOfTheirShare(@ForAll("datasets") Data d, @ForAll long seed) {
        MonteCarloPlanner planner = monteCarlo(d, 10, seed);
        for (int it = 0; it < planner.iterations(); it++) {
            Split s = planner.plan(it);
            for (int c = 0; c < 2; c++) {
                int total = countOfClass(d, c, null);
                int largest = largestPatient(d, c);
                for (int p = 0; p < 3; p++) {
                    int got = countOfClass(d, c, s.indices(PARTS[p]));
                    assertThat(Math.abs(got - SHARES[p] * total)).as("%s of class %d, iteration %d", PARTS[p], c, it)
                            .isLessThan(largest);
                }
            }
        }
    }

    /**
     * K-fold: each test fold holds a fifth of every class to within less than its largest patient;
     * the validation carve holds 0.125 of the rest of the class to within the same.
     */
    @Property(tries = 60)
    void kfoldFoldsAndCarveAreWithinOnePatientOfTheirShare(@ForAll("datasets") Data d, @ForAll long seed) {
        KFoldPlanner planner = kfold(d, 2, seed);
        for (int it = 0; it < planner.iterations(); it++) {
            Split s = planner.plan(it);
            for (int c = 0; c < 2; c++) {
                int total = countOfClass(d, c, null);
                int largest = largestPatient(d, c);
                int test = countOfClass(d, c, s.indices(Role.TEST));
                int val = countOfClass(d, c, s.indices(Role.VAL));
                assertThat(Math.abs(test - total / (double) FOLDS)).as("test of class %d, iteration %d", c, it).isLessThan(largest);
                assertThat(Math.abs(val - VAL_OF_REST * (total - test))).as("validation of class %d, iteration %d", c, it)
                        .isLessThan(largest);
            }
        }
    }

    @Property(tries = 40)
    void kfoldTestsEveryImageExactlyOncePerRepeat(@ForAll("datasets") Data d, @ForAll long seed) {
        KFoldPlanner planner = kfold(d, 3, seed);
        for (int repeat = 0; repeat < 3; repeat++) {
            int[] tested = new int[d.targets.length];
            for (int f = 0; f < FOLDS; f++) {
                for (int i : planner.plan(repeat * FOLDS + f).indices(Role.TEST)) tested[i]++;
            }
            for (int t : tested) assertThat(t).as("repeat %d", repeat).isEqualTo(1);
        }
    }

    @Property(tries = 40)
    void sameSeedSamePlan(@ForAll("datasets") Data d, @ForAll long seed) {
        MonteCarloPlanner mc = monteCarlo(d, 10, seed), mcAgain = monteCarlo(d, 10, seed);
        KFoldPlanner kf = kfold(d, 2, seed), kfAgain = kfold(d, 2, seed);
        for (int it = 0; it < 10; it++) {
            assertThat(mcAgain.plan(it)).isEqualTo(mc.plan(it));
            assertThat(kfAgain.plan(it)).isEqualTo(kf.plan(it));
        }
        // Plans are rebuilt from the iteration alone: asking in another order changes nothing.
        assertThat(monteCarlo(d, 10, seed).plan(7)).isEqualTo(mc.plan(7));
        assertThat(kfold(d, 2, seed).plan(6)).isEqualTo(kf.plan(6));
    }

    // ---- fairness over 100 iterations ------------------------------------------------------------

    /** Monte Carlo on skewed sizes 1–6: test and validation chances are 0.1 for every patient size. */
    @Property(tries = 5, seed = "20261129")
    void monteCarloIsFairWhateverThePatientSize(@ForAll("larger") Data d, @ForAll long seed) {
        assertMonteCarloFair(d, seed);
    }

    /** K-fold's validation carve on skewed sizes 1–6: 0.125 of the training folds for every patient size. */
    @Property(tries = 5, seed = "20261129")
    void kfoldValidationIsFairWhateverThePatientSize(@ForAll("larger") Data d, @ForAll long seed) {
        assertKFoldFair(d, seed);
    }

    /** DDTI's and BUSI's own patients (sizes 1–5 and 1–7), as read from their manifests. */
    @Example
    void realDatasetsArePlannedFairly() {
        for (String name : List.of("ddti", "busi")) {
            Data d = real(name);
            assertMonteCarloFair(d, 7);
            assertKFoldFair(d, 7);
        }
    }

    /** What the size sort did: DDTI's patients with two or more images were never tested. */
    @Example
    void realGroupSizesAreAsMeasured() {
        // Counted with Python's csv module from the manifests' patient column.
        assertThat(sizeHistogram(real("ddti"))).containsExactly(Map.entry(1, 254), Map.entry(2, 41), Map.entry(3, 3),
                Map.entry(5, 1));
        assertThat(sizeHistogram(real("busi"))).containsExactly(Map.entry(1, 396), Map.entry(2, 90), Map.entry(3, 12),
                Map.entry(4, 1), Map.entry(7, 2));
    }

    /**
     * 100 Monte Carlo iterations: every patient's test and validation counts are Binomial(100, 0.1),
     * since iterations have independent seeds and the construction gives each patient probability
     * 0.1 exactly; and for each size with at least 5 patients, the number of such patients tested
     * per iteration has mean 0.1 x their number (a t-test over the 100 independent iterations).
     */
    private static void assertMonteCarloFair(Data d, long seed) {
        int iterations = 100;
        MonteCarloPlanner planner = monteCarlo(d, iterations, seed);
        List<Split> plan = new ArrayList<>();
        for (int it = 0; it < iterations; it++) plan.add(planner.plan(it));
        for (Role role : new Role[] {Role.VAL, Role.TEST}) {
            assertGroupCountsBinomial(d, plan, role, iterations, 0.1);
            assertSizeMeans(d, plan, role, iterations, 1, 0.1);
        }
    }

    /**
     * 100 repeats of 5-fold: each repeat validates a patient in each of its 4 training rounds with
     * probability 0.125, independently (each fold's carve has its own seed), so the validation
     * count is Binomial(400, 0.125); per size, a t-test over the 100 independent repeats.
     */
    private static void assertKFoldFair(Data d, long seed) {
        int repeats = 100;
        KFoldPlanner planner = kfold(d, repeats, seed);
        List<Split> plan = new ArrayList<>();
        for (int it = 0; it < planner.iterations(); it++) plan.add(planner.plan(it));
        assertGroupCountsBinomial(d, plan, Role.VAL, repeats * (FOLDS - 1), VAL_OF_REST);
        assertSizeMeans(d, plan, Role.VAL, repeats, FOLDS, (FOLDS - 1) * VAL_OF_REST);
        int[] tested = new int[d.targets.length];
        for (Split s : plan) for (int i : s.indices(Role.TEST)) tested[i]++;
        assertThat(tested).containsOnly(repeats);
    }

    private static void assertGroupCountsBinomial(Data d, List<Split> plan, Role role, int trials, double p) {
        Groups g = d.groups();
        int[] band = binomialBand(trials, p, ALPHA / g.members.length); // union bound over the patients
        for (int k = 0; k < g.members.length; k++) {
            int first = g.members[k][0];
            int count = 0;
            for (Split s : plan) if (s.roles()[first] == role) count++;
            assertThat(count).as("%s count of patient %s (%d images)", role, d.patients[first], g.members[k].length)
                    .isBetween(band[0], band[1]);
        }
    }

    /**
     * For each patient size with at least 5 patients: per unit (a block of {@code perUnit}
     * consecutive iterations), how many of them have {@code role}, summed over the unit; its mean
     * over the units must be {@code perUnitChance} times their number, to within a two-sided 1e-4
     * t quantile. A planner that never tests large patients gives a mean of 0 with no spread.
     */
    private static void assertSizeMeans(Data d, List<Split> plan, Role role, int units, int perUnit, double perUnitChance) {
        Groups g = d.groups();
        Map<Integer, List<Integer>> bySize = new TreeMap<>();
        for (int k = 0; k < g.members.length; k++) bySize.computeIfAbsent(g.members[k].length, x -> new ArrayList<>()).add(k);
        for (Map.Entry<Integer, List<Integer>> e : bySize.entrySet()) {
            if (e.getValue().size() < 5) continue;
            double[] x = new double[units];
            for (int u = 0; u < units; u++) {
                for (int it = u * perUnit; it < (u + 1) * perUnit; it++) {
                    for (int k : e.getValue()) if (plan.get(it).roles()[g.members[k][0]] == role) x[u]++;
                }
            }
            double expected = perUnitChance * e.getValue().size();
            double mean = Arrays.stream(x).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (units - 1));
            assertThat(Math.abs(mean - expected))
                    .as("%s of the %d patients of size %d: mean %.3f per unit, expected %.3f", role, e.getValue().size(),
                            e.getKey(), mean, expected)
                    .isLessThanOrEqualTo(T_99 * sd / Math.sqrt(units) + 1e-9);
        }
    }

    /**
     * The counts {@code k} with P(X <= k) > alpha/2 and P(X >= k) > alpha/2 for X ~ Binomial(n, p),
     * as {lowest, highest}; the same as scipy.stats.binom.ppf(alpha/2, n, p) and ppf(1 - alpha/2, n, p).
     */
    static int[] binomialBand(int n, double p, double alpha) {
        double[] pmf = new double[n + 1];
        pmf[0] = Math.pow(1 - p, n);
        for (int k = 0; k < n; k++) pmf[k + 1] = pmf[k] * (n - k) / (k + 1) * p / (1 - p);
        int lo = 0;
        double cdf = pmf[0];
        while (cdf <= alpha / 2) cdf += pmf[++lo];
        int hi = n;
        double sf = pmf[n];
        while (sf <= alpha / 2) sf += pmf[--hi];
        return new int[] {lo, hi};
    }

    @Example
    void binomialBandMatchesScipy() {
        // scipy.stats.binom.ppf(a/2, n, p), binom.ppf(1 - a/2, n, p)
        assertThat(binomialBand(100, 0.1, 1e-4)).containsExactly(1, 23);
        assertThat(binomialBand(100, 0.1, 1e-4 / 299)).containsExactly(0, 28);
        assertThat(binomialBand(400, 0.125, 1e-4 / 501)).containsExactly(19, 87);
    }

    // ---- examples --------------------------------------------------------------------------------

    @Example
    void differentIterationsDiffer() {
        Data d = generate(3, 20, 20);
        MonteCarloPlanner p = monteCarlo(d, 2, 1);
        assertThat(p.plan(0)).isNotEqualTo(p.plan(1));
        assertThat(p.plan(0).seed()).isNotEqualTo(p.plan(1).seed());
    }

    /**
     * A patient with more images than a part's share of its class cannot always avoid covering that
     * part's whole span; the planner still gives every part a patient of each class.
     */
    @Example
    void aDominantPatientLeavesNoPartEmpty() {
        // Class 0: one patient of 30 images and nine of one; 80/10/10 of 39 is 31.2/3.9/3.9.
        List<Integer> t = new ArrayList<>();
        List<String> p = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            t.add(0);
            p.add("big");
        }
        for (int i = 0; i < 9; i++) {
            t.add(0);
            p.add("n" + i);
        }
        for (int i = 0; i < 10; i++) {
            t.add(1);
            p.add("m" + i);
        }
        Data d = new Data(t.stream().mapToInt(Integer::intValue).toArray(), p.toArray(String[]::new));
        for (SplitPlanner planner : new SplitPlanner[] {monteCarlo(d, 20, 5), kfold(d, 4, 5)}) {
            for (int it = 0; it < planner.iterations(); it++) {
                Split s = planner.plan(it);
                for (Role role : PARTS) {
                    assertThat(countOfClass(d, 0, s.indices(role))).as("%s, iteration %d", role, it).isPositive();
                }
            }
        }
    }

    @Example
    void tooFewPatientsOfAClass() {
        int[] targets = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
        String[] patients = new String[targets.length];
        for (int i = 0; i < targets.length; i++) patients[i] = "p" + i;
        assertThatThrownBy(() -> new MonteCarloPlanner(targets, patients, SHARES, 3, 1, CLASSES))
                .isInstanceOf(BadInputException.class)
                .hasMessage("class 'malignant' has 3 patient(s); the 80/10/10 split needs at least 10 per class");
        assertThatThrownBy(() -> new KFoldPlanner(targets, patients, 5, 1, 0.1, 1, CLASSES))
                .hasMessage("class 'malignant' has 3 patient(s); the 5-fold split needs at least 10 per class");
    }

    @Example
    void sharesMustSumToOne() {
        int[] targets = new int[40];
        String[] patients = new String[40];
        for (int i = 0; i < 40; i++) {
            targets[i] = i % 2;
            patients[i] = "p" + i;
        }
        assertThatThrownBy(() -> new MonteCarloPlanner(targets, patients, new double[] {0.7, 0.1, 0.1}, 3, 1, CLASSES))
                .hasMessage("split shares must sum to 1, got 0.7/0.1/0.1");
        assertThatThrownBy(() -> new MonteCarloPlanner(targets, patients, SHARES, 0, 1, CLASSES))
                .hasMessage("--iterations must be at least 1, got 0");
    }

    @Example
    void excludingMovesImagesOutOfTrainingButKeepsTest() {
        Split s = new Split(0, 1, new Role[] {Role.TRAIN, Role.VAL, Role.TEST, Role.TRAIN});
        Split e = s.excluding(java.util.Set.of(0, 1, 2));
        assertThat(e.roles()).containsExactly(Role.EXCLUDED, Role.EXCLUDED, Role.TEST, Role.TRAIN);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static int countOfClass(Data d, int c, int[] indices) {
        if (indices == null) return (int) Arrays.stream(d.targets).filter(t -> t == c).count();
        return (int) Arrays.stream(indices).filter(i -> d.targets[i] == c).count();
    }

    private static int largestPatient(Data d, int c) {
        Map<String, Integer> size = new HashMap<>();
        for (int i = 0; i < d.targets.length; i++) if (d.targets[i] == c) size.merge(d.patients[i], 1, Integer::sum);
        return size.values().stream().max(Integer::compare).orElseThrow();
    }

    private static Map<Integer, Integer> sizeHistogram(Data d) {
        Map<String, Integer> size = new LinkedHashMap<>();
        for (String p : d.patients) size.merge(p, 1, Integer::sum);
        Map<Integer, Integer> out = new TreeMap<>();
        for (int s : size.values()) out.merge(s, 1, Integer::sum);
        return out;
    }

    /**
     * A shared dataset's labels and patients, read as pma reads them. The data folder sits beside
     * the repository ({@code shared/data}); it is looked for in every folder above this one.
     */
    private static Data real(String name) {
        Path dir = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && dir == null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data").resolve(name);
            if (Files.isRegularFile(candidate.resolve("manifest.csv"))) dir = candidate;
        }
        Assumptions.assumeTrue(dir != null, "shared/data/" + name + " not found above the working folder");
        Dataset ds = DatasetReader.read(dir, null, w -> {});
        return new Data(ds.targets(), ds.patients());
    }
}
