package pma.execution;

import java.util.ServiceLoader;
import pma.BadInputException;
import pma.config.ExperimentConfig;
import pma.experiment.TaskExecutor;

/**
 * Where a command's training tasks run, as {@code --executor}, {@code --master}, {@code --workers}
 * and {@code --threads} say: {@code local} (this process, one task at a time), {@code workers}
 * (worker processes on this machine, several tasks at once; {@link WorkerExecutor}) or a cluster
 * executor found on the class path ({@code spark}). Checked when made, before anything is read or
 * written.
 *
 * <p>{@code --executor local} with several workers ({@code --workers N}, or {@code auto}, the
 * default) means worker processes, as it did before {@code workers} was an executor of its own;
 * {@code --workers 1} keeps the tasks in this process.
 *
 * @param executor {@code local}, {@code workers}, or the name of a {@link TaskExecutor.Provider}
 * @param master where a cluster executor runs; null = its default; only for cluster executors
 * @param workers worker processes; {@link #AUTO} = one per core on a CPU, as memory allows
 *     ({@link WorkerExecutor#auto}); {@link #UNSET} = not given, which means auto
 * @param threads engine threads per task; 0 = the ledger's on a resume, else 1 with several worker
 *     processes, else the engine's default (see {@link pma.engine.EngineSettings}); a cluster's
 *     executors use {@code spark.executor.cores} when 0
 */
public record Placement(String executor, String master, int workers, int threads) {
    public static final String LOCAL = "local";
    public static final String WORKERS = "workers";
    public static final int AUTO = 0;
    public static final int UNSET = -1;

    public Placement {
        if (executor == null || executor.isBlank()) throw new BadInputException("--executor must be local, workers or spark");
        if (workers < UNSET) throw new BadInputException("--workers must be auto or at least 1, got " + workers);
        if (threads < 0) throw new BadInputException("--threads must be 0 (all cores) or more, got " + threads);
        boolean here = executor.equals(LOCAL) || executor.equals(WORKERS);
        if (here && master != null) throw new BadInputException("--master applies only to --executor spark");
        if (!here && workers != UNSET && workers != 1) {
            throw new BadInputException("--workers applies only to --executor local or workers");
        }
    }

    /** One task at a time in this process, with the engine's (or the ledger's) threads. */
    public static Placement local() {
        return new Placement(LOCAL, null, 1, 0);
    }

    /** On this machine: in this process or in worker processes. */
    public boolean onThisMachine() {
        return executor.equals(LOCAL) || executor.equals(WORKERS);
    }

    /**
     * Worker processes that train at once; 1 with {@code local} = in this process. Sized by the
     * run's tasks, not those left, so that a resumed run trains with the threads the first one did.
     *
     * @param tasks all tasks of the run, finished or not
     * @param images the dataset's images
     * @param recordedThreads the engine threads per task the ledger records; 0 = none yet
     */
    int processes(ExperimentConfig config, int tasks, int images, int recordedThreads) {
        if (!onThisMachine()) return 1;
        if (workers != UNSET && workers != AUTO) return workers;
        return WorkerExecutor.auto(config, tasks, images, threads > 0 ? threads : recordedThreads);
    }

    /** Tasks train in worker processes rather than in this one. */
    boolean inWorkers(int processes) {
        return executor.equals(WORKERS) || processes > 1;
    }

    /**
     * The cluster executor this placement names, made (and its settings checked) now; nothing starts
     * that needs closing until it runs tasks.
     *
     * @throws BadInputException when no executor of that name is on the class path, or its settings are wrong
     */
    TaskExecutor cluster() {
        if (onThisMachine()) throw new IllegalStateException(executor + " is not a cluster executor");
        for (TaskExecutor.Provider p : ServiceLoader.load(TaskExecutor.Provider.class)) {
            if (p.name().equals(executor)) return p.create(master, threads);
        }
        if (executor.equals("spark")) {
            throw new BadInputException("--executor spark needs the pma-spark jar and Spark on the class path "
                    + "(build pma and use bin/pma, or spark-submit the assembly; see docs/spark.md)");
        }
        throw new BadInputException("--executor must be local, workers or spark, got " + executor);
    }
}
