package pma.train;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageTensors;
import pma.dataset.TensorCache;
import pma.experiment.Experiment;
import pma.experiment.ExperimentConfig;
import pma.experiment.Task;
import pma.explain.CamOptions;
import pma.explain.Explainer;
import pma.ledger.Ledger;
import pma.models.Models;
import pma.ledger.LedgerLock;
import pma.progress.Progress;
import pma.split.Split;
import pma.split.SplitPlanner;

/**
 * {@code pma run}: validates the dataset, plans the splits, and trains every task not yet in the
 * ledger, recording each as it finishes.
 *
 * <p>Everything that can be wrong with the input is checked before the ledger is created: the
 * manifest, the split's feasibility, and every image's decoding.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {}

    /** What a run did. */
    public record Outcome(int tasksTotal, int tasksRunNow, int tasksSkipped, double seconds) {}

    /**
     * @param threads intra-op threads for the engine; 0 keeps the engine's default (the number of cores)
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, String codeVersion,
                              int threads, PrintWriter log) {
        return run(data, ledgerPath, config, resume, codeVersion, threads, 1, CamOptions.defaults(), log);
    }

    /**
     * Trains every pending task, in {@code workers} processes at once ({@link TaskWorkers};
     * 0 = {@link TaskWorkers#auto}) or in this process when 1.
     *
     * @param threads intra-op threads for the engine; 0 keeps the engine's default (the number of
     *     cores), or 1 per worker when several run
     * @param cams the class-activation maps each task stores for its test images
     */
    public static Outcome run(Path data, Path ledgerPath, ExperimentConfig config, boolean resume, String codeVersion,
                              int threads, int workers, CamOptions cams, PrintWriter log) {
        if (workers < 0) throw new BadInputException("--workers must be auto, 0 (auto) or more, got " + workers);
        if (threads < 0) throw new BadInputException("--threads must be 0 (all cores) or more, got " + threads);
        long start = System.nanoTime();
        for (String model : config.models()) {
            if (!Models.names().contains(model)) {
                throw new BadInputException("unknown model '" + model + "'; known models: " + String.join(", ", Models.names()));
            }
            if (cams.enabled()) Explainer.layerIndex(Models.build(model, config.channels(), config.imageSize()), cams.layer());
        }
        Dataset dataset = DatasetReader.read(data, config.positiveClass(), log::println);
        SplitPlanner planner = config.planner(dataset);
        ImageTensors tensors = TensorCache.standard().load(dataset, config.preprocessing(), log::println);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();

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
            } else {
                ledger = Ledger.create(ledgerPath, config, dataset, splits, codeVersion);
                createdNow = true;
            }
            Map<Integer, Split> byIteration = splits.stream().collect(Collectors.toMap(Split::iteration, s -> s));
            List<Task> all = Experiment.tasks(config, "");
            List<Task> todo = Experiment.pending(ledger, all);
            log.printf("%d images (%d %s, %d %s), %d patients; %s%n", dataset.size(), dataset.count(0),
                    dataset.negativeClass(), dataset.count(1), dataset.positiveClass(), dataset.patientCount(),
                    planner.describe());
            log.printf("%d tasks (%s), %d already in the ledger, %d to run on %s%n", all.size(),
                    String.join(", ", config.models()), all.size() - todo.size(), todo.size(), Engines.device() + " (" + Engines.intraOpThreads() + " threads)");
            if (threads > 0) Engines.setIntraOpThreads(threads);
            int processes = workers == 0 ? TaskWorkers.auto(config, todo.size()) : workers;
            TrainingTaskRunner runner = new TrainingTaskRunner(config, tensors, dataset.targets()).withCams(cams);
            try {
                if (processes > 1) {
                    log.printf("training in %d worker processes, %d engine thread(s) each%n", processes, Math.max(threads, 1));
                    TaskWorkers.run(ledger, todo, t -> byIteration.get(t.iteration()), data, config, cams, processes,
                            Math.max(threads, 1), Progress.onStderr("train", todo.size()));
                } else {
                    Experiment.run(ledger, todo, t -> byIteration.get(t.iteration()), runner, Progress.onStderr("train", todo.size()));
                }
            } catch (BadInputException e) {
                // A diverged first task: leave no ledger behind that holds nothing but settings.
                if (createdNow && ledger.finishedTasks().isEmpty()) ledger.delete();
                throw e;
            }
            if (cams.enabled() && runner.taskSeconds() > 0) {
                log.printf(java.util.Locale.ROOT, "class-activation maps (%s): %.1f s of %.1f s in tasks (%.1f%%)%n",
                        cams.methods().stream().map(Object::toString).collect(Collectors.joining(", ")),
                        runner.camSeconds(), runner.taskSeconds(), 100 * runner.camSeconds() / runner.taskSeconds());
            }
            return new Outcome(all.size(), todo.size(), all.size() - todo.size(), (System.nanoTime() - start) / 1e9);
        }
    }
}
