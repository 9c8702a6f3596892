package pma.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import pma.BadInputException;
import pma.models.Models;
import pma.engine.ChannelsLast;
import pma.engine.Engines;
import pma.train.Optimizers;
import pma.train.TrainingConfig;

/**
 * Times training and inference steps of the model zoo on random inputs, the protocol of the
 * PyTorch peer benchmark: {@code warmup} untimed steps, then {@code steps} timed ones; the median
 * step time gives images per second.
 *
 * <p>A training step is what {@code ModelTrainer} does per mini-batch: copy the batch from the
 * Java heap into a fresh native array, forward, softmax cross-entropy, backward, and an SGD update
 * with momentum 0.9 (lr 0.005). An inference step copies the batch in, runs the network in
 * inference mode and copies the class probabilities back. Random pixels are drawn outside the
 * timed part. GFLOP/s counts a multiply-add as two operations and a training step as three
 * forward passes (forward, and backward for inputs and weights), as the peer does.
 */
public final class Bench {

    /** Column names of the CSV both benchmarks write. */
    public static final List<String> COLUMNS = List.of("engine", "model", "phase", "batch",
            "image_size", "threads", "images_per_s", "gflops_per_s", "params");

    /** The phases a run may time. */
    public static final List<String> PHASES = List.of("train", "infer");

    private Bench() {}

    /**
     * What to time.
     *
     * @param threads engine intra-op threads; 0 keeps the engine's default
     * @param breakdown also report the median time of each part of a step
     * @param cpuClock time steps by the process's CPU time (all its threads) instead of wall time:
     *     on a machine shared with other work, images per CPU-second still compare engines fairly
     */
    public record Options(List<String> models, List<Integer> batches, List<String> phases, int size,
                          int channels, int threads, int warmup, int steps, boolean breakdown,
                          boolean cpuClock) {
        public Options {
            models = List.copyOf(models);
            batches = List.copyOf(batches);
            phases = List.copyOf(phases);
            if (models.isEmpty()) throw new BadInputException("--models must name at least one model");
            for (String m : models) {
                if (!Models.isKnown(m)) {
                    throw new BadInputException("unknown model '" + m + "'; known models: "
                            + String.join(", ", Models.names()));
                }
                if (size < Models.minimumSize(m)) {
                    throw new BadInputException("--size " + size + " is too small for " + m
                            + " (at least " + Models.minimumSize(m) + " px)");
                }
            }
            if (batches.isEmpty()) throw new BadInputException("--batches must list at least one batch size");
            for (int b : batches) {
                if (b < 2 || b > 1024) throw new BadInputException("--batches must be between 2 and 1024, got " + b);
            }
            if (phases.isEmpty()) throw new BadInputException("--phases must name train, infer or both");
            for (String p : phases) {
                if (!PHASES.contains(p)) throw new BadInputException("--phases must be train or infer, got " + p);
            }
            if (channels < 1 || channels > 4) throw new BadInputException("--channels must be 1 to 4, got " + channels);
            if (threads < 0) throw new BadInputException("--threads must be 0 (engine default) or more, got " + threads);
            if (warmup < 0) throw new BadInputException("--warmup must be 0 or more, got " + warmup);
            if (steps < 1) throw new BadInputException("--steps must be at least 1, got " + steps);
        }
    }

    /** One measurement: a CSV row. */
    public record Row(String engine, String model, String phase, int batch, int imageSize, int threads,
                      double imagesPerS, double gflopsPerS, long params) {
        List<Object> cells() {
            return List.of(engine, model, phase, batch, imageSize, threads, imagesPerS, gflopsPerS, params);
        }
    }

    /** The engine column: DJL's engine name and version, and {@code -bf16} where the convolutions compute in bf16. */
    public static String engineLabel() {
        return "djl-" + Engines.ENGINE.toLowerCase(java.util.Locale.ROOT) + "-" + Engines.init().getVersion()
                + (Engines.precision() == pma.config.ExperimentConfig.Precision.BF16 ? "-bf16" : "");
    }

    /**
     * Times every model x phase x batch, handing each row to {@code each} as it is measured.
     *
     * @return all rows, in the order measured
     */
    public static List<Row> run(Options o, Consumer<Row> each) {
        return run(o, each, line -> {});
    }

    /**
     * As {@link #run(Options, Consumer)}; with {@code o.breakdown()}, {@code notes} gets one line
     * per measurement with the median milliseconds of each part of a step.
     */
    public static List<Row> run(Options o, Consumer<Row> each, Consumer<String> notes) {
        Engines.init();
        if (o.threads() > 0) Engines.setIntraOpThreads(o.threads());
        int threads = Engines.intraOpThreads();
        List<Row> rows = new ArrayList<>();
        boolean grad = JniUtils.isGradMode();
        // As in training: autograd records only inside a gradient collector.
        JniUtils.setGradMode(false);
        try {
            for (String model : o.models()) {
                Models.Summary summary = Models.summarize(model, o.channels(), o.size());
                for (String phase : o.phases()) {
                    for (int batch : o.batches()) {
                        double seconds = medianStep(model, phase, batch, o, notes);
                        double ips = batch / seconds;
                        double gflops = ips * summary.forwardGflops() * (phase.equals("train") ? 3 : 1);
                        Row r = new Row(engineLabel(), model, phase, batch, o.size(), threads, ips, gflops,
                                summary.parameters());
                        rows.add(r);
                        each.accept(r);
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return rows;
    }

    private static double medianStep(String model, String phase, int batch, Options o,
                                     Consumer<String> notes) {
        Device device = Engines.device();
        Engines.seed(1);
        int per = o.channels() * o.size() * o.size();
        Shape shape = new Shape(batch, o.channels(), o.size(), o.size());
        Random rng = new Random(1);
        TrainingConfig cfg = new TrainingConfig(model, o.size(), o.channels(), 1, 1, batch, "momentum",
                0.005f, 0.9f, 0f, false, false, 1);
        double[] times = new double[o.steps()];
        String[] parts = phase.equals("train")
                ? new String[] {"copy_in", "forward_loss", "backward", "update"}
                : new String[] {"copy_in", "forward", "copy_out"};
        double[][] partTimes = new double[parts.length][o.steps()];
        long[] marks = new long[parts.length + 1];
        try (Model m = Model.newInstance(model, device, Engines.ENGINE)) {
            m.setBlock(Models.build(model, o.channels(), o.size()).block());
            NDManager state = m.getNDManager().newSubManager();
            Optimizer optimizer = Optimizers.create(cfg, state);
            DefaultTrainingConfig djl = new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss("xent", 1f, 1, false, true))
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = m.newTrainer(djl)) {
                ChannelsLast.apply(m.getBlock(), device); // as ModelTrainer does
                trainer.initialize(new Shape(1, o.channels(), o.size(), o.size()));
                List<Parameter> trainable = Optimizers.trainable(
                        m.getBlock().getParameters().values());
                for (int i = 0; i < o.warmup() + o.steps(); i++) {
                    float[] x = new float[batch * per];
                    for (int k = 0; k < x.length; k++) x[k] = rng.nextFloat();
                    float[] y = new float[batch * 2];
                    for (int b = 0; b < batch; b++) y[b * 2 + rng.nextInt(2)] = 1f;
                    long t = now(o);
                    marks[0] = t;
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        NDArray input = scope.create(x, shape);
                        if (phase.equals("train")) {
                            NDArray target = scope.create(y, new Shape(batch, 2));
                            marks[1] = now(o);
                            try (GradientCollector c = trainer.newGradientCollector()) {
                                NDList logits = trainer.forward(new NDList(input));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(target), logits);
                                loss.getFloat();
                                marks[2] = now(o);
                                Optimizers.backward(c, optimizer, loss);
                            }
                            marks[3] = now(o);
                            Optimizers.step(optimizer, trainable);
                            marks[4] = now(o);
                        } else {
                            marks[1] = now(o);
                            NDArray p = trainer.evaluate(new NDList(input)).singletonOrThrow().softmax(1);
                            marks[2] = now(o);
                            p.toFloatArray();
                            marks[3] = now(o);
                        }
                    }
                    if (i >= o.warmup()) {
                        times[i - o.warmup()] = (now(o) - t) / 1e9;
                        for (int k = 0; k < parts.length; k++) {
                            partTimes[k][i - o.warmup()] = (marks[k + 1] - marks[k]) / 1e6;
                        }
                    }
                }
            } finally {
                state.close();
            }
        }
        if (o.breakdown()) {
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%s %s batch %d, median %s ms:", model, phase, batch, o.cpuClock() ? "cpu" : "wall"));
            for (int k = 0; k < parts.length; k++) {
                line.append(String.format(java.util.Locale.ROOT, " %s %.1f", parts[k], median(partTimes[k])));
            }
            line.append(String.format(java.util.Locale.ROOT, " (step %.1f)", median(times) * 1e3));
            notes.accept(line.toString());
        }
        return median(times);
    }

    /** Nanoseconds on the clock the options choose: wall, or this process's CPU time. */
    private static long now(Options o) {
        return o.cpuClock()
                ? ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
                : System.nanoTime();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Writes rows as CSV (the peer benchmark's columns). */
    public static void writeCsv(List<Row> rows, Path file) throws IOException {
        pma.io.CsvTable t = new pma.io.CsvTable(COLUMNS);
        for (Row r : rows) t.row(r.cells());
        t.write(file);
    }

    /**
     * Estimated seconds of the paper protocol (100 iterations of every measured model; 484 images
     * split 80/10/10; {@code epochs} epochs per task on average, each one pass over the training
     * images at batch 8 and one over the validation images; plus the test images once) from the
     * measured rates, or NaN for a model without a train and an infer row. Training uses the
     * batch-8 rate where measured, else the smallest batch; inference the largest batch.
     */
    public static double paperProtocolSeconds(List<Row> rows, String model, int epochs) {
        Row train = pick(rows, model, "train", true);
        Row infer = pick(rows, model, "infer", false);
        if (train == null || infer == null) return Double.NaN;
        double trainImages = Math.round(484 * 0.8), valImages = Math.round(484 * 0.1), testImages = valImages;
        double perTask = epochs * (trainImages / train.imagesPerS() + valImages / infer.imagesPerS())
                + testImages / infer.imagesPerS();
        return 100 * perTask;
    }

    private static Row pick(List<Row> rows, String model, String phase, boolean preferEight) {
        Row best = null;
        for (Row r : rows) {
            if (!r.model().equals(model) || !r.phase().equals(phase)) continue;
            if (best == null) {
                best = r;
            } else if (preferEight) {
                if (best.batch() != 8 && (r.batch() == 8 || r.batch() < best.batch())) best = r;
            } else if (r.batch() > best.batch()) {
                best = r;
            }
        }
        return best;
    }

    /** Resident memory of this process now, in MiB (Linux; NaN elsewhere). */
    public static double residentMib() {
        return statusMib("VmRSS:");
    }

    /** Peak resident memory of this process so far, in MiB (Linux; NaN elsewhere). */
    public static double peakResidentMib() {
        return statusMib("VmHWM:");
    }

    private static double statusMib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
