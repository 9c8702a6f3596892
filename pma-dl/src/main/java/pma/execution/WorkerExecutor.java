package pma.execution;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import pma.BadInputException;
import pma.config.ExperimentConfig;
import pma.engine.Engines;
import pma.experiment.TaskExecutor;
import pma.experiment.Workload;
import pma.explain.CamOptions;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.models.Models;
import pma.split.Split;

/**
 * Runs training tasks in several worker processes ({@link TaskWorker}), each on its own engine
 * threads; the results come back to the thread that called {@link #execute}, which alone writes
 * the ledger. Workers never touch it.
 *
 * <p>One process trains one task at a time (the engine's random generator and gradient collector
 * are process-wide), so parallel tasks need processes. On a CPU, several single-threaded tasks at
 * once use the cores better than one task on all of them when the networks are small: their
 * operators are too short to keep several threads busy. A task's result depends only on its
 * settings, seed and split, not on which process trains it or when, so a parallel run records the
 * same rows as a sequential one with the same engine threads per task (in another order).
 *
 * <p>As with {@link pma.experiment.LocalExecutor}, a failure stops the experiment: a task that
 * reports bad input (e.g. it diverged) throws {@link BadInputException}, a crashed worker an
 * {@link IllegalStateException}; tasks handed back before stay recorded.
 */
public final class WorkerExecutor implements TaskExecutor {

    private final Path data;
    private final CamOptions cams;
    private final int processes;
    private final int threadsPerWorker;

    /**
     * @param data the dataset folder (each worker reads and preprocesses it itself, rather than
     *     receiving the images through a pipe)
     * @param cams the class-activation maps each task stores
     * @param processes worker processes, at least 1 (no more are started than there are tasks)
     * @param threadsPerWorker engine threads in each worker, at least 1
     */
    public WorkerExecutor(Path data, CamOptions cams, int processes, int threadsPerWorker) {
        if (processes < 1) throw new IllegalArgumentException("processes must be at least 1, got " + processes);
        if (threadsPerWorker < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threadsPerWorker);
        this.data = data.toAbsolutePath();
        this.cams = cams;
        this.processes = processes;
        this.threadsPerWorker = threadsPerWorker;
    }

    /** Worker processes this executor starts at most. */
    public int processes() {
        return processes;
    }

    /**
     * The number of workers {@code --workers auto} means: on a CPU, one single-threaded worker per
     * core, at most one per task, and no more than three quarters of the machine's memory holds,
     * each worker at the run's largest estimated training peak ({@link Models.Summary#trainingBytes})
     * plus its own copy of the images' pixels; on a GPU, 1. Single-threaded workers beat one
     * process on all cores for every network measured on 2 cores, the paper's densenet121 included
     * (docs/speed.md, "Worker processes and memory").
     *
     * @param images the dataset's images, which every worker holds preprocessed
     * @param threadsPerTask engine threads each task is held to ({@code --threads} or the ledger's); 0 =
     *     not fixed. Above 1, each worker takes that many cores, so fewer workers fit
     */
    public static int auto(ExperimentConfig config, int tasks, int images, int threadsPerTask) {
        int cores = Runtime.getRuntime().availableProcessors() / Math.max(1, threadsPerTask);
        // Nothing to share out: skip building the networks to estimate their memory.
        if (cores < 2 || tasks < 2 || !Engines.device().equals(ai.djl.Device.cpu())) return 1;
        int channels = config.preprocessing().channels();
        int size = config.preprocessing().size();
        long peak = 0;
        for (String model : config.models()) {
            peak = Math.max(peak, Models.summarize(model, channels, size).trainingBytes(config.training().batchSize()));
        }
        peak += 4L * images * channels * size * size;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return auto(cores, tasks, os.getTotalMemorySize(), peak);
    }

    /**
     * {@link #auto(ExperimentConfig, int)}'s rule on a CPU: min(cores, tasks, 3/4 of the memory /
     * one task's peak), at least 1.
     */
    static int auto(int cores, int tasks, long memoryBytes, long taskPeakBytes) {
        long byMemory = memoryBytes / 4 * 3 / Math.max(1, taskPeakBytes);
        return (int) Math.max(1, Math.min(Math.min(cores, tasks), byMemory));
    }

    @Override
    public void execute(Workload work, List<Task> todo, Sink sink) {
        if (todo.isEmpty()) return;
        ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>(todo);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        List<Process> started = new ArrayList<>();
        String header;
        try {
            header = TaskWorker.JSON.writeValueAsString(new TaskWorker.Header(data.toString(), work.config().toJson(),
                    threadsPerWorker, cams.methodNames(), cams.layer(), Engines.cpuOnly()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (int w = 0; w < Math.min(processes, todo.size()); w++) {
                Process p = start(work.config().training().precision());
                started.add(p);
                Thread t = new Thread(() -> feed(p, header, queue, work::splitOf, results), "pma-worker-" + w);
                t.setDaemon(true);
                t.start();
            }
            for (int done = 0; done < todo.size(); done++) {
                Object next = results.take();
                if (next instanceof RuntimeException e) throw e;
                sink.finished((TaskResult) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        } finally {
            queue.clear();
            for (Process p : started) p.destroy();
        }
    }

    /** A worker process whose engine computes in {@code precision} (oneDNN reads its math mode when it loads). */
    private static Process start(ExperimentConfig.Precision precision) {
        try {
            ProcessBuilder builder = Engines.javaProcess(precision, TaskWorker.class.getName(), List.of());
            Process p = builder.start();
            Thread errors = new Thread(() -> forwardErrors(p), "pma-worker-stderr");
            errors.setDaemon(true);
            errors.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a worker process: " + e.getMessage(), e);
        }
    }

    /**
     * Passes a worker's standard error on to ours, less libtorch's deprecation notice about DJL's own
     * calls, which every process prints once and which would otherwise break into the progress bar.
     */
    private static void forwardErrors(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (!line.contains("AutoNonVariableTypeMode is deprecated")) System.err.println(line);
            }
        } catch (IOException ignored) {
            // the worker has gone; its exit is reported where its results are read
        }
    }

    /** Sends one task at a time to {@code p} and passes back each answer; ends when the queue is empty. */
    private static void feed(Process p, String header, ConcurrentLinkedQueue<Task> queue,
                             Function<Task, Split> splitOf, BlockingQueue<Object> results) {
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(header);
            in.newLine();
            for (Task task = queue.poll(); task != null; task = queue.poll()) {
                in.write(TaskWorker.JSON.writeValueAsString(new TaskWorker.Job(task, splitOf.apply(task))));
                in.newLine();
                in.flush();
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith(TaskWorker.RESULT) && !line.startsWith(TaskWorker.BAD)
                        && !line.startsWith(TaskWorker.FAIL));
                if (line == null) {
                    results.add(new IllegalStateException("a worker process ended without answering (task "
                            + task.key() + ")"));
                    return;
                }
                if (line.startsWith(TaskWorker.BAD)) {
                    results.add(new BadInputException(line.substring(TaskWorker.BAD.length())));
                    return;
                }
                if (line.startsWith(TaskWorker.FAIL)) {
                    results.add(new IllegalStateException("task " + task.key() + " failed in a worker: "
                            + line.substring(TaskWorker.FAIL.length())));
                    return;
                }
                results.add(TaskWorker.JSON.readValue(line.substring(TaskWorker.RESULT.length()), TaskResult.class));
            }
        } catch (IOException | RuntimeException e) {
            results.add(new IllegalStateException("lost contact with a worker process: " + e, e));
        }
    }
}
