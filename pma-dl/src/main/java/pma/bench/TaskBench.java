package pma.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import pma.BadInputException;
import pma.train.EpochRecording;
import pma.engine.Engines;
import pma.train.ModelTrainer;
import pma.train.TrainingConfig;
import pma.train.TrainingData;
import pma.train.TrainingHooks;

/**
 * Times whole training tasks as {@code pma run} trains them ({@code ModelTrainer}: build, train,
 * predict validation each epoch, predict test), with each way of recording epochs for training
 * dynamics: 480 training, 60 validation and 60 test images of random pixels, batch 32, Adam, a
 * fixed number of epochs (patience = epochs, so no early stop).
 *
 * <p>One untimed one-epoch task per model first; then the modes are interleaved and repeated, so that
 * a busy machine hurts them alike. CPU seconds (all of this process's threads) are the steadier
 * measure on a shared machine. The difference between two epoch counts gives seconds per epoch.
 */
public final class TaskBench {
    /** Column names of the rows. */
    public static final List<String> COLUMNS = List.of("model", "epoch_records", "epochs", "threads", "task_wall_s",
            "task_cpu_s");

    static final int TRAIN = 480, VAL = 60, TEST = 60, BATCH = 32;

    private TaskBench() {}

    /** Mean seconds of one task over the rounds. */
    public record Row(String model, String epochRecords, int epochs, int threads, double wallSeconds, double cpuSeconds) {}

    public static List<Row> run(List<String> models, int size, int channels, int epochs, int rounds, int threads,
            Consumer<Row> each) {
        if (epochs < 1) throw new BadInputException("--task-epochs must be at least 1, got " + epochs);
        if (rounds < 1) throw new BadInputException("--tasks must be at least 1, got " + rounds);
        Engines.init();
        if (threads > 0) Engines.setIntraOpThreads(threads);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TrainingData data = randomImages(TRAIN + VAL + TEST, channels, size);
        int[] train = range(0, TRAIN), val = range(TRAIN, TRAIN + VAL), test = range(TRAIN + VAL, TRAIN + VAL + TEST);
        EpochRecording[] modes = EpochRecording.values();
        List<Row> rows = new ArrayList<>();
        for (String model : models) {
            TrainingConfig cfg = new TrainingConfig(model, size, channels, epochs, epochs, BATCH, "adam", 1e-3f, 0.9f, 0f,
                    true, false, 1);
            ModelTrainer.train(cfg.withEpochs(1, 1), data, train, val, test); // warm-up, untimed
            double[] wall = new double[modes.length], cpu = new double[modes.length];
            for (int round = 0; round < rounds; round++) {
                for (int m = 0; m < modes.length; m++) {
                    long c0 = os.getProcessCpuTime();
                    wall[m] += ModelTrainer.train(cfg, data, train, val, test, TrainingHooks.NONE, modes[m]).trainSeconds();
                    cpu[m] += (os.getProcessCpuTime() - c0) / 1e9;
                }
            }
            for (int m = 0; m < modes.length; m++) {
                Row r = new Row(model, modes[m].name().toLowerCase(java.util.Locale.ROOT), epochs, Engines.intraOpThreads(),
                        wall[m] / rounds, cpu[m] / rounds);
                rows.add(r);
                each.accept(r);
            }
        }
        return rows;
    }

    /** Random pixels in [0, 1), labels alternating, from a fixed seed: what is timed does not depend on content. */
    static TrainingData randomImages(int n, int channels, int size) {
        Random rng = new Random(21);
        float[][] pixels = new float[n][channels * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < pixels[i].length; k++) pixels[i][k] = rng.nextFloat();
            labels[i] = i % 2;
        }
        return new TrainingData(pixels, labels, channels, size);
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
