package pma.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.config.ExperimentConfig;
import pma.ledger.CamMap;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.ledger.Ledger;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;

/**
 * A small ledger without training: a fixture dataset, the quick profile's split plan, and hand-made
 * test predictions in which a few images are always wrong (so they are flagged) and the rest right.
 *
 * <p>Writing the 30 runs takes seconds, so the ledger is built once per test JVM and each caller
 * gets its own copy of the file; the dataset it points to is shared and must not be changed.
 */
public final class SampleLedger {
    /** Images every run misclassifies. */
    public static final Set<Integer> ALWAYS_WRONG = Set.of(3, 10, 17);
    /** Images misclassified in about half the runs. */
    public static final Set<Integer> SOMETIMES_WRONG = Set.of(6, 21);

    private SampleLedger() {}

    private static Path template;

    /** A fresh copy of the sample ledger at {@code dir/l.duckdb}. */
    public static synchronized Ledger create(Path dir) throws IOException {
        if (template == null) {
            Path t = Files.createTempDirectory("pma-sample-ledger");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(t)));
            build(t);
            template = t;
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("l.duckdb");
        Files.copy(template.resolve("l.duckdb"), file);
        return Ledger.open(file);
    }

    /** Changes the fixture dataset's files (its manifest, say) before the ledger is built over it. */
    @FunctionalInterface
    public interface DatasetEdit {
        void apply(Path datasetDir) throws IOException;
    }

    /**
     * A ledger like {@link #create} over a dataset changed by {@code edit}, built afresh in {@code dir}
     * (image indices, and so {@link #ALWAYS_WRONG}, stay as long as the edit keeps the manifest's order).
     */
    public static Ledger create(Path dir, DatasetEdit edit) throws IOException {
        build(dir, edit, false);
        return Ledger.open(dir.resolve("l.duckdb"));
    }

    /** The probability of class 1 that the {@code nth} test (0, 1, ...) of {@code image} by {@code model} gives. */
    @FunctionalInterface
    public interface Scores {
        double positive(String model, int image, int target, int nth);
    }

    /**
     * As {@link #create(Path, DatasetEdit)}, with every test probability given by {@code scores}
     * instead of drawn at random (the quick profile tests each image once per repeat: three times per model).
     */
    public static Ledger create(Path dir, DatasetEdit edit, Scores scores) throws IOException {
        build(dir, edit, false, scores);
        return Ledger.open(dir.resolve("l.duckdb"));
    }

    /**
     * As {@link #create(Path, DatasetEdit)}, with a Grad-CAM map of the predicted class for every test
     * image of every run: 4×4, hot (1) in the top-left cell and cold (0) everywhere else.
     */
    public static Ledger createWithMaps(Path dir, DatasetEdit edit) throws IOException {
        build(dir, edit, true);
        return Ledger.open(dir.resolve("l.duckdb"));
    }

    private static void build(Path dir) throws IOException {
        build(dir, d -> {}, false);
    }

    private static void build(Path dir, DatasetEdit edit, boolean maps) throws IOException {
        build(dir, edit, maps, null);
    }

    /** @param scores the test probabilities, or null to draw them at random */
    private static void build(Path dir, DatasetEdit edit, boolean maps, Scores scores) throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 40, 1, 24);
        edit.apply(data);
        Dataset dataset = DatasetReader.read(data, null, w -> {});
        ExperimentConfig config = ExperimentConfig.quick();
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Ledger ledger = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        Random random = new Random(1);
        for (String model : config.models()) {
            int[] tested = new int[dataset.size()];
            for (Split s : splits) {
                List<Prediction> p = new ArrayList<>();
                List<CamMap> cams = new ArrayList<>();
                for (int i : s.indices(Role.TEST)) {
                    if (maps) {
                        float[] v = new float[16];
                        v[0] = 1;
                        cams.add(new CamMap(i, "gradcam", "predicted", 4, 4, v));
                    }
                    int target = dataset.images().get(i).target();
                    double pPositive;
                    if (scores != null) {
                        pPositive = scores.positive(model, i, target, tested[i]++);
                    } else {
                        boolean wrong = ALWAYS_WRONG.contains(i) || (SOMETIMES_WRONG.contains(i) && random.nextBoolean());
                        double confidence = 0.6 + 0.35 * random.nextDouble();
                        pPositive = (target == 1) != wrong ? confidence : 1 - confidence;
                    }
                    int predicted = pPositive >= 0.5 ? 1 : 0;
                    p.add(new Prediction(i, Role.TEST, pPositive, predicted, predicted == target));
                }
                ledger.record(new TaskResult(new Task(model, s.iteration(), ""), 100 + s.iteration(), 8, 5,
                        0.8 + 0.1 * random.nextDouble(), 0.75 + 0.2 * random.nextDouble(), 0.5, 1.2, p, List.of(), cams));
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
