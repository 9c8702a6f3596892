package pma.execution;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import pma.BadInputException;
import pma.config.ExperimentConfig;
import pma.engine.EngineSettings;
import pma.engine.Engines;
import pma.experiment.Experiment;
import pma.experiment.LocalExecutor;
import pma.experiment.TaskExecutor;
import pma.experiment.TaskRunner;
import pma.experiment.Workload;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.progress.Progress;

/**
 * The one way the pending tasks of {@code pma run}, {@code retrain}, {@code demo} and
 * {@code benchmark-detection} train: on the executor their {@link Placement} names, every outcome
 * handed back to this thread and recorded in the ledger as it arrives ({@link Experiment#run}), so
 * that a killed run loses at most the tasks in flight, whichever executor trained them.
 */
final class Dispatch {
    private final TaskExecutor executor;
    private final String where;
    private final EngineSettings engine;
    private final int processes;
    private final CamOptions cams;

    private Dispatch(TaskExecutor executor, String where, EngineSettings engine, int processes, CamOptions cams) {
        this.executor = executor;
        this.where = where;
        this.engine = engine;
        this.processes = processes;
        this.cams = cams;
    }

    /**
     * Chooses the executor and, on this machine, the engine threads per task (recorded in the ledger
     * by {@link EngineSettings#resolve}).
     *
     * @param cluster the placement's cluster executor, made before anything was read; null on this machine
     * @param allTasks the run's tasks, finished or not (they and the images size {@code --workers auto})
     * @param images the dataset's images
     * @param data the dataset folder, which worker processes read themselves
     * @param runners the runner of the tasks trained in this process
     */
    static Dispatch prepare(Placement placement, TaskExecutor cluster, Ledger ledger, int allTasks, int images, Path data,
                            CamOptions cams, Function<Workload, TaskRunner> runners, PrintWriter log) {
        if (cluster != null) return new Dispatch(cluster, "executor " + placement.executor(), null, 1, cams);
        int processes = placement.processes(ledger.config(), allTasks, images, EngineSettings.recordedThreads(ledger));
        EngineSettings engine = EngineSettings.resolve(ledger, placement.threads(), processes, log);
        String where = Engines.device() + " (" + engine.threadsPerTask() + " thread(s) per task, " + engine.cpu() + ")";
        // The engine's arithmetic is fixed when a process starts: a run in the other precision trains in workers.
        boolean otherPrecision = ledger.config().training().precision() != Engines.precision();
        if (placement.inWorkers(processes) || otherPrecision) {
            return new Dispatch(new WorkerExecutor(data, cams, processes, engine.threadsPerTask()), where, engine,
                    processes, cams);
        }
        return new Dispatch(new LocalExecutor(runners), where, engine, processes, cams);
    }

    /**
     * Refuses, before anything is read or written, a precision the run cannot train in: bf16 needs
     * the CPU (oneDNN's math mode), a CPU with bfloat16 instructions, and this machine's worker
     * processes, which pma starts with the engine's math mode set.
     */
    static void checkPrecision(ExperimentConfig config, Placement placement) {
        if (config.training().precision() != ExperimentConfig.Precision.BF16) {
            // A local Spark master trains in this process, whose math mode the shell may have set.
            if (!placement.onThisMachine() && Engines.precision() == ExperimentConfig.Precision.BF16) {
                throw new BadInputException(Engines.FPMATH + "=BF16 is set, and --executor " + placement.executor()
                        + " would train in it; unset it, or train on this machine with --precision bf16");
            }
            return;
        }
        if (!placement.onThisMachine()) {
            throw new BadInputException("--precision bf16 trains on this machine only, not with --executor " + placement.executor());
        }
        if (!Engines.device().equals(ai.djl.Device.cpu())) {
            throw new BadInputException("--precision bf16 is for CPUs; this run would train on " + Engines.device()
                    + " (add --device cpu)");
        }
        EngineSettings.requireBf16();
    }

    /** Worker processes on this machine as {@link Placement#processes} sized them; 1 for a cluster or in this process. */
    int processes() {
        return processes;
    }

    /** Where the tasks train, for the log: the device and threads, or the cluster executor's name. */
    String where() {
        return where;
    }

    /**
     * Trains {@code todo} and records each outcome.
     *
     * @param what the progress bar's label
     * @return tasks the executor recorded as failed
     */
    int run(Ledger ledger, List<Task> todo, Workload work, String what, PrintWriter log) {
        if (todo.isEmpty()) return 0;
        if (executor instanceof WorkerExecutor w) {
            log.printf("training in %d worker processes, %d engine thread(s) each%n", Math.min(w.processes(), todo.size()),
                    engine.threadsPerTask());
        } else if (engine != null) {
            Engines.setIntraOpThreads(engine.threadsPerTask());
        }
        TimeShares shares = new TimeShares();
        int failed = Experiment.run(ledger, todo, work, shares.counting(executor), Progress.onStderr(what, todo.size()));
        if (shares.task > 0 && cams.enabled()) {
            log.printf(Locale.ROOT, "class-activation maps (%s): %.1f s of %.1f s in tasks (%.1f%%)%n",
                    cams.methods().stream().map(Object::toString).collect(Collectors.joining(", ")),
                    shares.cam, shares.task, 100 * shares.cam / shares.task);
        }
        if (shares.task > 0 && work.config().training().featureDistances()) {
            log.printf(Locale.ROOT, "feature distances: %.1f s of %.1f s in tasks (%.1f%%)%n",
                    shares.feature, shares.task, 100 * shares.feature / shares.task);
        }
        return failed;
    }

    /** Seconds of the finished tasks, of their class-activation maps and of their feature passes, wherever they trained. */
    private static final class TimeShares {
        double task;
        double cam;
        double feature;

        /** {@code executor}, with each finished task's seconds added here before its sink gets it. */
        TaskExecutor counting(TaskExecutor executor) {
            return (work, todo, sink) -> executor.execute(work, todo, new TaskExecutor.Sink() {
                @Override
                public void finished(TaskResult result) {
                    task += result.trainSeconds();
                    cam += result.camSeconds();
                    feature += result.featureSeconds();
                    sink.finished(result);
                }

                @Override
                public void failed(Task t, long seed, String error) {
                    sink.failed(t, seed, error);
                }
            });
        }
    }
}
