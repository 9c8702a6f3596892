package pma.train;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.explain.CamOptions;
import pma.explain.Explainer;
import pma.experiment.Experiment;
import pma.config.ExperimentConfig;
import pma.experiment.LocalExecutor;
import pma.ledger.Task;
import pma.experiment.TaskExecutor;
import pma.experiment.Workload;
import pma.ledger.Ledger;
import pma.models.Models;
import pma.ledger.LedgerLock;
import pma.split.Split;
import pma.split.SplitPlanner;

/**
 * {@code pma run}: validates the dataset, plans the splits, and trains every task not yet in the
 * ledger, recording each as it finishes.
 *
 * <p>Everything that can be wrong with the input is checked before the ledger is created: the
 * options (executor included), the manifest, the split's feasibility, and every image's decoding.
 * The tasks run on a {@link TaskExecutor}: here, one after another, or on a cluster executor
 * found on the class path; either way this thread writes every outcome to the ledger.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {}

    /** What a run did; failed tasks are recorded as failed and retried by {@code --resume}. */
    public record Outcome(int tasksTotal, int tasksRunNow, int tasksSkipped, double seconds, int tasksFailed) {}

    /**
     * Runs the experiment in this process.
     *
     * @param threads intra-op threads for the engine; 0 = those the ledger recorded, else the engine's default
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, String codeVersion,
                              int threads, PrintWriter log) {
        return run(data, ledgerPath, config, resume, codeVersion, threads, 1, "local", null, CamOptions.defaults(), log);
    }

    /**
     * Runs the experiment on the named executor.
     *
     * @param threads intra-op threads for the engine per task; 0 = those the ledger recorded, else 1
     *     per worker when several worker processes run, else the engine's default (see {@link EngineSettings})
     * @param workers for the local executor: tasks trained at once, each in its own process
     *     ({@link TaskWorkers}); 0 = {@link TaskWorkers#auto}; 1 = in this process
     * @param executor {@code local}, or the name of an executor found on the class path (e.g. {@code spark})
     * @param master where the executor runs (e.g. {@code local[2]}, {@code yarn}); null = its default;
     *     only for executors other than {@code local}
     * @param cams the class-activation maps each task stores for its test images
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, String codeVersion,
                              int threads, int workers, String executor, String master, CamOptions cams,
                              PrintWriter log) {
        if (workers < 0) throw new BadInputException("--workers must be auto, 0 (auto) or more, got " + workers);
        if (!executor.equals("local") && workers != 1) {
            throw new BadInputException("--workers applies only to --executor local");
        }
        if (threads < 0) throw new BadInputException("--threads must be 0 (all cores) or more, got " + threads);
        long start = System.nanoTime();
        for (String model : config.models()) {
            if (!Models.names().contains(model)) {
                throw new BadInputException("unknown model '" + model + "'; known models: " + String.join(", ", Models.names()));
            }
            // A bad --cam-layer must stop the run before the ledger exists, not in its first task.
            if (cams.enabled()) Explainer.layerIndex(Models.build(model, config.channels(), config.imageSize()), cams.layer());
        }
        TrainingTaskRunner[] local = new TrainingTaskRunner[1]; // kept to report the maps' share of the time
        try (TaskExecutor tasks = executor.equals("local") && master == null
                ? new LocalExecutor(w -> local[0] = new TrainingTaskRunner(w.config(), w.tensors(), w.targets()).withCams(cams))
                : executor(executor, master, threads)) {
            Outcome o = run(data, ledgerPath, config, resume, codeVersion, threads, workers, cams, tasks, executor, log, start);
            if (local[0] != null && cams.enabled() && local[0].taskSeconds() > 0) {
                log.printf(java.util.Locale.ROOT, "class-activation maps (%s): %.1f s of %.1f s in tasks (%.1f%%)%n",
                        cams.methods().stream().map(Object::toString).collect(Collectors.joining(", ")),
                        local[0].camSeconds(), local[0].taskSeconds(), 100 * local[0].camSeconds() / local[0].taskSeconds());
            }
            if (local[0] != null && local[0].taskSeconds() > 0) {
                log.printf(java.util.Locale.ROOT, "feature distances: %.1f s of %.1f s in tasks (%.1f%%)%n",
                        local[0].featureSeconds(), local[0].taskSeconds(), 100 * local[0].featureSeconds() / local[0].taskSeconds());
            }
            return o;
        }
    }

    /**
     * The executor of the given name: {@code local} trains here with {@link TrainingTaskRunner};
     * any other name is looked up among the {@link TaskExecutor.Provider}s on the class path.
     */
    public static TaskExecutor executor(String name, String master, int threads) {
        if (name.equals("local")) {
            if (master != null) throw new BadInputException("--master applies only to --executor spark");
            return new LocalExecutor(w -> new TrainingTaskRunner(w.config(), w.tensors(), w.targets()));
        }
        for (TaskExecutor.Provider p : ServiceLoader.load(TaskExecutor.Provider.class)) {
            if (p.name().equals(name)) return p.create(master, threads);
        }
        if (name.equals("spark")) {
            throw new BadInputException("--executor spark needs the pma-spark jar and Spark on the class path "
                    + "(build the pma-spark module and use bin/pma, or spark-submit the assembly; see the README)");
        }
        throw new BadInputException("--executor must be local or spark, got " + name);
    }

    private static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, String codeVersion,
                               int threads, int workers, CamOptions cams, TaskExecutor executor, String executorName,
                               PrintWriter log, long start) {
        Dataset dataset = DatasetReader.read(data, config.positiveClass(), log::println);
        SplitPlanner planner = config.planner(dataset);
        ImageTensors tensors = Preprocessor.load(dataset, config.preprocessing());
        List<Split> planned = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        List<Split> splits = planned;

        try (LedgerLock lock = LedgerLock.acquire(ledgerPath)) {
            Ledger ledger;
            boolean createdNow = false;
            if (Files.exists(ledgerPath)) {
                if (!resume) {
                    throw new BadInputException("ledger already exists: " + ledgerPath + " (add --resume to continue it)");
                }
                ledger = Ledger.open(ledgerPath);
                if (!ledger.datasetFingerprint().equals(dataset.fingerprint())) {
                    throw new BadInputException(ledgerPath + ": was made from different dataset files; cannot resume");
                }
                if (!ledger.config().equals(config)) {
                    throw new BadInputException(ledgerPath + ": was made with other settings; resume with the same options");
                }
                // The ledger's plan is the experiment's: tasks already trained used it. A ledger planned by
                // an earlier pma (before patients were dealt without size bias) keeps its own plan.
                splits = ledger.splits();
                if (!splits.equals(planned)) {
                    log.println("warning: " + ledgerPath + " holds a split plan that this pma version would draw "
                            + "differently; the remaining tasks use the ledger's plan, as the finished ones did");
                }
            } else {
                ledger = Ledger.create(ledgerPath, config, dataset, splits, codeVersion);
                createdNow = true;
            }
            List<Task> all = Experiment.tasks(config, "");
            List<Task> todo = Experiment.pending(ledger, all);
            log.printf("%d images (%d %s, %d %s), %d patients; %s%n", dataset.size(), dataset.count(0),
                    dataset.negativeClass(), dataset.count(1), dataset.positiveClass(), dataset.patientCount(),
                    planner.describe());
            boolean local = executor instanceof LocalExecutor;
            // Sized by all tasks, not those left: a resumed run must train with the threads the first one did.
            int processes = !local ? 1 : workers == 0 ? TaskWorkers.auto(config, all.size()) : workers;
            EngineSettings engine = local ? EngineSettings.resolve(ledger, threads, processes, log) : null;
            log.printf("%d tasks (%s), %d already in the ledger, %d to run on %s%n", all.size(),
                    String.join(", ", config.models()), all.size() - todo.size(), todo.size(),
                    local ? Engines.device() + " (" + engine.threadsPerTask() + " thread(s) per task, " + engine.cpu() + ")"
                            : "executor " + executorName);
            Workload work = new Workload(config, tensors, dataset.targets(), splits);
            int failed;
            try {
                failed = TaskDispatch.run(ledger, todo, work, executor, processes, engine, data, cams, "train", log);
            } catch (BadInputException e) {
                // A diverged first task: leave no ledger behind that holds nothing but settings.
                if (createdNow && ledger.finishedTasks().isEmpty() && ledger.failedTasks().isEmpty()) ledger.delete();
                throw e;
            }
            return new Outcome(all.size(), todo.size(), all.size() - todo.size(), (System.nanoTime() - start) / 1e9, failed);
        }
    }
}
