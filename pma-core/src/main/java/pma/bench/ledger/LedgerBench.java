package pma.bench.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.ledger.CamMap;
import pma.ledger.EpochRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.ledger.Aggregates;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.split.Role;
import pma.split.Split;

/**
 * Fills a ledger with synthetic rows at the scale of the paper protocol on a 10,000-image dataset
 * and times what a real experiment does with it: recording one task, {@code pma analyze}, and the
 * plain DuckDB aggregates the analysis needs. No network is trained, so no deep-learning engine is
 * loaded.
 *
 * <p>At scale 1: 4 models x 100 Monte Carlo iterations = 400 tasks, each with 8,000 training, 1,000
 * validation and 1,000 test images, 30 epochs of records per training image and one 8x8 map per
 * test image: 800,000 prediction rows (half of them test), 96 million epoch records and 400,000 maps.
 * A smaller scale records fewer iterations; each task keeps its full size.
 */
public final class LedgerBench {
    private LedgerBench() {}

    public static final int IMAGES = 10_000;
    public static final int TRAIN = 8_000;
    public static final int VAL = 1_000;
    public static final int EPOCHS = 30;
    public static final int ITERATIONS = 100;
    public static final int MAP_SIDE = 8;

    /** One timed step: what, how long, and (when measured) the process's peak resident memory meanwhile. */
    public record Row(String step, double seconds, double peakMib, String note) {}

    /** What was timed; {@code iterations} per model. */
    public record Result(int tasks, long predictionRows, long epochRows, long mapRows, long ledgerBytes, List<Row> rows) {}

    /**
     * Runs the benchmark in {@code dir} (which must not hold a ledger yet); progress lines go to {@code log}.
     *
     * @param scale share of the paper protocol's 100 iterations recorded, in (0, 1]
     */
    public static Result run(double scale, Path dir, Consumer<String> log) throws IOException {
        int iterations = Math.max(1, (int) Math.round(ITERATIONS * scale));
        ExperimentConfig config = ExperimentConfig.paper().toBuilder().optIterations(iterations).build();
        List<String> models = config.models();
        Dataset dataset = dataset(dir);
        List<Split> splits = new ArrayList<>();
        for (int it = 0; it < iterations; it++) splits.add(split(it));

        Files.createDirectories(dir);
        Path file = dir.resolve("bench.duckdb");
        List<Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        Ledger ledger = Ledger.create(file, config, dataset, splits, "bench");
        rows.add(new Row("create ledger (10,000 images, " + iterations + " splits)", seconds(t0), Double.NaN, ""));

        double[] record = new double[models.size() * iterations];
        double generating = 0;
        int k = 0;
        long fill = System.nanoTime();
        for (int it = 0; it < iterations; it++) {
            for (String model : models) {
                long g = System.nanoTime();
                TaskResult r = task(new Task(model, it, ""), splits.get(it));
                generating += seconds(g);
                long w = System.nanoTime();
                ledger.record(r);
                record[k++] = seconds(w);
                if (k % 40 == 0) log.accept(String.format(java.util.Locale.ROOT, "recorded %d of %d tasks", k, record.length));
            }
        }
        double fillSeconds = seconds(fill);
        double[] sorted = record.clone();
        Arrays.sort(sorted);
        rows.add(new Row("record one task: median", sorted[sorted.length / 2], Double.NaN,
                "1,000 val + 1,000 test predictions, 240,000 epoch records, 1,000 maps"));
        rows.add(new Row("record one task: slowest", sorted[sorted.length - 1], Double.NaN, ""));
        rows.add(new Row("record all " + record.length + " tasks", Arrays.stream(record).sum(), Double.NaN,
                String.format(java.util.Locale.ROOT, "plus %.1f s making the rows, %.1f s in all", generating, fillSeconds)));

        Runtime.getRuntime().gc();
        resetPeak();
        long a = System.nanoTime();
        AnalysisResult analysis = Analysis.of(ledger, AnalysisOptions.defaults());
        rows.add(new Row("analyze (Analysis.of: snapshot, read, compute)", seconds(a), peakMib(),
                analysis.images().size() + " images"));

        List<Integer> main = ledger.runs("").stream().map(RunRecord::runId).toList();
        resetPeak();
        long q = System.nanoTime();
        long tallies = Aggregates.testTallies(ledger);
        rows.add(new Row("SQL: test tallies per image and model", seconds(q), peakMib(), tallies + " groups"));
        resetPeak();
        q = System.nanoTime();
        long dynamics = Aggregates.trainingDynamics(ledger, main);
        rows.add(new Row("SQL: training-dynamics scores per image", seconds(q), peakMib(), dynamics + " images"));

        long tasks = record.length;
        return new Result(record.length, tasks * (IMAGES - TRAIN), tasks * TRAIN * EPOCHS, tasks * (IMAGES - TRAIN - VAL),
                Files.size(file), rows);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Ten thousand images, a tenth positive; only their indices and labels matter here. */
    static Dataset dataset(Path dir) {
        List<ImageRecord> images = new ArrayList<>(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            boolean positive = i % 10 == 0;
            images.add(new ImageRecord(i, String.format("img%05d", i), positive ? "malignant" : "benign", positive ? 1 : 0,
                    "p" + i, "", "", Map.of()));
        }
        return new Dataset(dir, images, "benign", "malignant", List.of(), "bench");
    }

    /** A random 80/10/10 split of iteration {@code it}. */
    static Split split(int it) {
        SplittableRandom random = new SplittableRandom(1000L + it);
        int[] order = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) order[i] = i;
        for (int i = IMAGES - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Role[] roles = new Role[IMAGES];
        for (int k = 0; k < IMAGES; k++) roles[order[k]] = k < TRAIN ? Role.TRAIN : k < TRAIN + VAL ? Role.VAL : Role.TEST;
        return new Split(it, 1000L + it, roles);
    }

    /**
     * One task's rows: each image has a fixed difficulty, so some are misclassified persistently,
     * and its training margin rises over the epochs with noise, so some are forgotten on the way.
     */
    static TaskResult task(Task task, Split split) {
        SplittableRandom random = new SplittableRandom(task.hashCode() * 31L + split.iteration());
        Role[] roles = split.roles();
        List<Prediction> predictions = new ArrayList<>(IMAGES - TRAIN);
        List<EpochRecord> epochs = new ArrayList<>(TRAIN * EPOCHS);
        List<CamMap> cams = new ArrayList<>(IMAGES - TRAIN - VAL);
        for (int i = 0; i < IMAGES; i++) {
            int target = i % 10 == 0 ? 1 : 0;
            double difficulty = ((i * 2654435761L) % 1000) / 1000.0; // fixed per image across tasks
            if (roles[i] == Role.TRAIN) {
                for (int e = 1; e <= EPOCHS; e++) {
                    float margin = (float) (2 * (1 - difficulty) * e / EPOCHS - difficulty + random.nextGaussian());
                    epochs.add(new EpochRecord(e, i, (float) (1 / (1 + Math.exp(-margin))), margin));
                }
            } else {
                double logit = 3 * (1 - 2 * difficulty) + random.nextGaussian();
                double pTrue = 1 / (1 + Math.exp(-logit));
                double p = target == 1 ? pTrue : 1 - pTrue;
                int predicted = p >= 0.5 ? 1 : 0;
                predictions.add(new Prediction(i, roles[i], p, predicted, predicted == target));
                if (roles[i] == Role.TEST) {
                    float[] map = new float[MAP_SIDE * MAP_SIDE];
                    for (int m = 0; m < map.length; m++) map[m] = (float) random.nextDouble();
                    cams.add(new CamMap(i, "gradcam", "predicted", MAP_SIDE, MAP_SIDE, map));
                }
            }
        }
        return new TaskResult(task, split.seed(), EPOCHS, EPOCHS, 0.8, 0.8, 0.5, 0, predictions, epochs, cams);
    }

    /** Resets the kernel's peak-resident-memory mark of this process (Linux); no-op elsewhere. */
    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // without it the peak covers the whole process so far: an upper bound, still useful
        }
    }

    /** Peak resident memory of the process since the last {@link #resetPeak()}, MiB; NaN where unknown. */
    public static double peakMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
