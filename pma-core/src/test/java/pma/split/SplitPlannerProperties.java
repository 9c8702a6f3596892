package pma.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import pma.BadInputException;

/** Invariants of both split schemes, over random datasets of grouped, labelled images. */
class SplitPlannerProperties {
    private static final String[] CLASSES = {"benign", "malignant"};

    /** A dataset: per image a class and a patient; patients have 1–3 images of one class. */
    record Data(int[] targets, String[] patients, int maxGroup) {}

    @Provide
    Arbitrary<Data> datasets() {
        return Combinators.combine(Arbitraries.integers().between(10, 40), Arbitraries.integers().between(10, 40),
                Arbitraries.longs()).as((neg, pos, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    java.util.List<Integer> t = new java.util.ArrayList<>();
                    java.util.List<String> p = new java.util.ArrayList<>();
                    int maxGroup = 1;
                    int patient = 0;
                    for (int c = 0; c < 2; c++) {
                        for (int g = 0; g < (c == 0 ? neg : pos); g++) {
                            int size = 1 + r.nextInt(3);
                            maxGroup = Math.max(maxGroup, size);
                            for (int k = 0; k < size; k++) {
                                t.add(c);
                                p.add("p" + patient);
                            }
                            patient++;
                        }
                    }
                    return new Data(t.stream().mapToInt(Integer::intValue).toArray(), p.toArray(String[]::new), maxGroup);
                });
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Data, Long>> dataAndSeed() {
        return Combinators.combine(datasets(), Arbitraries.longs()).as(Tuple::of);
    }

    private static MonteCarloPlanner monteCarlo(Data d, long seed) {
        return new MonteCarloPlanner(d.targets, d.patients, new double[] {0.8, 0.1, 0.1}, 5, seed, CLASSES);
    }

    private static KFoldPlanner kfold(Data d, long seed) {
        return new KFoldPlanner(d.targets, d.patients, 5, 2, 0.1, seed, CLASSES);
    }

    @Property(tries = 60)
    void noPatientStraddlesPartitions(@ForAll("datasets") Data d, @ForAll long seed) {
        for (SplitPlanner planner : new SplitPlanner[] {monteCarlo(d, seed), kfold(d, seed)}) {
            for (int it = 0; it < planner.iterations(); it++) {
                Split s = planner.plan(it);
                Map<String, Role> rolesOf = new HashMap<>();
                for (int i = 0; i < d.targets.length; i++) {
                    Role prev = rolesOf.putIfAbsent(d.patients[i], s.roles()[i]);
                    assertThat(prev == null || prev == s.roles()[i]).as("patient %s", d.patients[i]).isTrue();
                }
            }
        }
    }

    @Property(tries = 60)
    void everyImageLandsSomewhereAndEveryPartHasBothClasses(@ForAll("datasets") Data d, @ForAll long seed) {
        for (SplitPlanner planner : new SplitPlanner[] {monteCarlo(d, seed), kfold(d, seed)}) {
            for (int it = 0; it < planner.iterations(); it++) {
                Split s = planner.plan(it);
                for (Role r : s.roles()) assertThat(r).isIn(Role.TRAIN, Role.VAL, Role.TEST);
                for (Role role : new Role[] {Role.TRAIN, Role.VAL, Role.TEST}) {
                    int[] idx = s.indices(role);
                    assertThat(java.util.Arrays.stream(idx).map(i -> d.targets[i]).distinct().count())
                            .as("%s of iteration %d has both classes", role, it).isEqualTo(2);
                }
            }
        }
    }

    /**
     * Class shares are within one patient group of exact: with single-image patients that is
     * within one image; larger groups cannot be split, so the tolerance is the largest group.
     */
    @Property(tries = 60)
    void classSharesAreNearExact(@ForAll("datasets") Data d, @ForAll long seed) {
        Split s = monteCarlo(d, seed).plan(0);
        double[] shares = {0.8, 0.1, 0.1};
        Role[] parts = {Role.TRAIN, Role.VAL, Role.TEST};
        for (int c = 0; c < 2; c++) {
            final int cls = c;
            long total = java.util.Arrays.stream(d.targets).filter(t -> t == cls).count();
            for (int p = 0; p < 3; p++) {
                long got = java.util.Arrays.stream(s.indices(parts[p])).filter(i -> d.targets[i] == cls).count();
                assertThat(Math.abs(got - shares[p] * total)).isLessThanOrEqualTo(d.maxGroup + 1e-9);
            }
        }
    }

    @Property(tries = 40)
    void kfoldTestsEveryImageExactlyOncePerRepeat(@ForAll("datasets") Data d, @ForAll long seed) {
        KFoldPlanner planner = kfold(d, seed);
        for (int repeat = 0; repeat < 2; repeat++) {
            int[] tested = new int[d.targets.length];
            for (int f = 0; f < 5; f++) {
                for (int i : planner.plan(repeat * 5 + f).indices(Role.TEST)) tested[i]++;
            }
            for (int t : tested) assertThat(t).isEqualTo(1);
        }
    }

    @Property(tries = 40)
    void sameSeedSamePlan(@ForAll("datasets") Data d, @ForAll long seed) {
        for (int it = 0; it < 5; it++) {
            assertThat(monteCarlo(d, seed).plan(it)).isEqualTo(monteCarlo(d, seed).plan(it));
            assertThat(kfold(d, seed).plan(it)).isEqualTo(kfold(d, seed).plan(it));
        }
    }

    @Example
    void differentIterationsDiffer() {
        Data d = datasets().sample();
        MonteCarloPlanner p = monteCarlo(d, 1);
        assertThat(p.plan(0)).isNotEqualTo(p.plan(1));
        assertThat(p.plan(0).seed()).isNotEqualTo(p.plan(1).seed());
    }

    @Example
    void tooFewPatientsOfAClass() {
        int[] targets = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
        String[] patients = new String[targets.length];
        for (int i = 0; i < targets.length; i++) patients[i] = "p" + i;
        assertThatThrownBy(() -> new MonteCarloPlanner(targets, patients, new double[] {0.8, 0.1, 0.1}, 3, 1, CLASSES))
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
        assertThatThrownBy(() -> new MonteCarloPlanner(targets, patients, new double[] {0.8, 0.1, 0.1}, 0, 1, CLASSES))
                .hasMessage("--iterations must be at least 1, got 0");
    }

    @Example
    void excludingMovesImagesOutOfTrainingButKeepsTest() {
        Split s = new Split(0, 1, new Role[] {Role.TRAIN, Role.VAL, Role.TEST, Role.TRAIN});
        Split e = s.excluding(java.util.Set.of(0, 1, 2));
        assertThat(e.roles()).containsExactly(Role.EXCLUDED, Role.EXCLUDED, Role.TEST, Role.TRAIN);
    }
}
