package pma.execution;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
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
import pma.experiment.TaskRunner;
import pma.train.TrainingTaskRunner;
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
 * The tasks run on the {@link TaskExecutor} a {@link Placement} names: here one after another,
 * in worker processes, or on a cluster executor found on the class path; whichever it is, this
 * thread writes every outcome to the ledger ({@link Dispatch}).
 */
public final class ExperimentRunner {
    private ExperimentRunner() {}

    /**
     * The code that runs the experiment, recorded in its ledger.
     *
     * @param version pma's version
     * @param commit the git commit pma was built from, or "unknown"
     */
    public record Code(String version, String commit) {}

    /** What a run did; failed tasks are recorded as failed and retried by {@code --resume}. */
    public record Outcome(int tasksTotal, int tasksRunNow, int tasksSkipped, double seconds, int tasksFailed) {}

    /**
     * Runs the experiment in this process.
     *
     * @param threads intra-op threads for the engine; 0 = those the ledger recorded, else the engine's default
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, Code code,
                              int threads, PrintWriter log) {
        return run(data, ledgerPath, config, resume, code, new Placement(Placement.LOCAL, null, 1, threads),
                CamOptions.defaults(), log);
    }

    /**
     * Runs the experiment where {@code placement} says.
     *
     * @param cams the class-activation maps each task stores for its test images
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, Code code,
                              Placement placement, CamOptions cams, PrintWriter log) {
        long start = System.nanoTime();
        Dispatch.checkPrecision(config, placement);
        for (String model : config.models()) {
            if (!Models.names().contains(model)) {
                throw new BadInputException("unknown model '" + model + "'; known models: " + String.join(", ", Models.names()));
            }
            // A bad --cam-layer must stop the run before the ledger exists, not in its first task.
            if (cams.enabled()) {
                Explainer.layerIndex(Models.build(model, config.preprocessing().channels(), config.preprocessing().size()),
                        cams.layer());
            }
        }
        // A cluster executor checks its settings here, before anything is read or written.
        try (TaskExecutor cluster = placement.onThisMachine() ? null : placement.cluster()) {
            return run(data, ledgerPath, config, resume, code, placement, cams, cluster,
                    w -> new TrainingTaskRunner(w.config(), w.tensors(), w.targets()).withCams(cams), log, start);
        }
    }

    private static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, Code code,
                               Placement placement, CamOptions cams, TaskExecutor cluster,
                               Function<Workload, TaskRunner> runners, PrintWriter log, long start) {
        Dataset dataset = DatasetReader.read(data, config.decision().positiveClass(), log::println);
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
                ledger = Ledger.create(ledgerPath, config, dataset, splits, code.version());
                createdNow = true;
            }
            List<Task> all = Experiment.tasks(config, "");
            List<Task> todo = Experiment.pending(ledger, all);
            log.printf("%d images (%d %s, %d %s), %d patients; %s%n", dataset.size(), dataset.count(0),
                    dataset.negativeClass(), dataset.count(1), dataset.positiveClass(), dataset.patientCount(),
                    planner.describe());
            Dispatch dispatch = Dispatch.prepare(placement, cluster, ledger, all.size(), dataset.size(), data, cams, runners, log);
            RunProvenance.record(ledger, createdNow, code.commit(), placement.onThisMachine() ? null : placement.executor(),
                    dispatch.processes(), log);
            log.printf("%d tasks (%s), %d already in the ledger, %d to run on %s%n", all.size(),
                    String.join(", ", config.models()), all.size() - todo.size(), todo.size(), dispatch.where());
            Workload work = new Workload(config, tensors, dataset.targets(), splits);
            int failed;
            try {
                failed = dispatch.run(ledger, todo, work, "train", log);
            } catch (BadInputException e) {
                // A diverged first task: leave no ledger behind that holds nothing but settings.
                if (createdNow && ledger.finishedTasks().isEmpty() && ledger.failedTasks().isEmpty()) ledger.delete();
                throw e;
            }
            return new Outcome(all.size(), todo.size(), all.size() - todo.size(), (System.nanoTime() - start) / 1e9, failed);
        }
    }
}
