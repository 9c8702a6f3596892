package pma.execution;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.analysis.ExclusionSets;
import pma.analysis.RetrainComparison;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.experiment.Experiment;
import pma.config.ExperimentConfig;
import pma.ledger.Task;
import pma.experiment.TaskExecutor;
import pma.experiment.TaskRunner;
import pma.experiment.Workload;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.ledger.LedgerLock;
import pma.engine.Engines;
import pma.train.TrainingTaskRunner;

/**
 * {@code pma retrain}: trains every model again on the ledger's splits with an exclusion set
 * removed from training and validation, and compares test AUC with the original runs, paired.
 *
 * <p>Iterations, splits and task seeds are those of the main experiment ({@link TrainingTaskRunner#seedOf}
 * ignores the exclusion), so each retrained run differs from its original only by the missing
 * images. Test sets are kept whole. A random control of the same size and class mix tells how
 * much of a change is just "fewer training images". The sets and the runs go into the same
 * ledger, under the set's name, and finished tasks are skipped, as {@code pma run --resume} does.
 */
public final class RetrainRunner {
    private RetrainRunner() {}

    /** Value of {@code --exclude} that retrains without the current flags. */
    public static final String FLAGGED = ExclusionSets.FLAGGED;
    /** Name of the set at the default cut of pma's order ({@link AnalysisResult#suspect}). */
    public static final String SUSPECT = ExclusionSets.SUSPECT;

    /**
     * What a retraining did.
     *
     * @param sets each exclusion set's name and size, the excluded set first
     * @param rows the comparison for every exclusion set in the ledger (retrain.csv)
     * @param table where retrain.csv was written
     */
    public record Outcome(Map<String, Integer> sets, int tasksTotal, int tasksRunNow, int tasksSkipped,
                          List<RetrainComparison.Row> rows, Path table, double seconds, int tasksFailed) {}

    /** Builds the task runner once the images are loaded; the real one trains with DJL. */
    interface RunnerFactory {
        TaskRunner create(ExperimentConfig config, ImageTensors tensors, int[] targets);
    }

    /**
     * Retrains in this process, or in {@code workers} worker processes ({@link Placement}).
     *
     * @param exclude {@link #FLAGGED}, {@link #SUSPECT}, or a file of image ids (one per line, or a CSV with an {@code image} column)
     * @param control {@code random} (also retrain without a random set of the same size and class mix) or {@code none}
     * @param options the analysis options that decide the flags, and the comparison's analysis
     * @param data the dataset folder; null = the folder recorded in the ledger
     * @param out folder for retrain.csv
     * @param threads intra-op threads for the engine per task; 0 keeps the engine's default
     * @param workers tasks trained at once, each in its own process ({@link WorkerExecutor}); 0 = auto
     */
    public static Outcome run(Path ledgerPath, String exclude, String control, AnalysisOptions options, Path data, Path out,
                              int threads, int workers, PrintWriter log) {
        return run(ledgerPath, exclude, control, options, data, out, new Placement(Placement.LOCAL, null, workers, threads), log);
    }

    /** As above, where {@code placement} says. */
    public static Outcome run(Path ledgerPath, String exclude, String control, AnalysisOptions options, Path data, Path out,
                              Placement placement, PrintWriter log) {
        if (placement.onThisMachine()) {
            return run(ledgerPath, exclude, control, options, data, out, log, placement, (config, tensors, targets) -> {
                for (String model : config.models()) {
                    if (!pma.models.Models.names().contains(model)) {
                        throw new BadInputException("unknown model '" + model + "' in the ledger; known models: "
                                + String.join(", ", pma.models.Models.names()));
                    }
                }
                log.printf("training on %s (%d threads)%n", Engines.device(), Engines.intraOpThreads());
                return new TrainingTaskRunner(config, tensors, targets);
            }, null);
        }
        // The executor checks its settings here, before anything is loaded or written.
        try (TaskExecutor cluster = placement.cluster()) {
            log.printf("retraining on executor %s%n", placement.executor());
            return run(ledgerPath, exclude, control, options, data, out, log, placement, null, cluster);
        }
    }

    static Outcome run(Path ledgerPath, String exclude, String control, AnalysisOptions options, Path data, Path out,
                       PrintWriter log, RunnerFactory factory) {
        return run(ledgerPath, exclude, control, options, data, out, log, Placement.local(), factory, null);
    }

    /**
     * As above; the tasks train where {@code placement} says: a {@code cluster} executor, when given,
     * trains instead of {@code factory}'s runner.
     */
    private static Outcome run(Path ledgerPath, String exclude, String control, AnalysisOptions options, Path data,
                               Path out, PrintWriter log, Placement placement, RunnerFactory factory,
                               TaskExecutor cluster) {
        long start = System.nanoTime();
        if (!control.equals("random") && !control.equals("none")) {
            throw new BadInputException("--control must be random or none, got " + control);
        }
        if (exclude == null || exclude.isBlank()) {
            throw new BadInputException("--exclude needs 'flagged', 'suspect' or a file of image ids");
        }
        Ledger ledger = Ledger.open(ledgerPath);
        ExperimentConfig config = ledger.config();
        Dispatch.checkPrecision(config, placement);
        Dataset recorded = ledger.dataset();

        // The analysis and the sets first: bad options, a bad file or an empty flag list must stop
        // us before anything is loaded, trained or written.
        AnalysisResult a = Analysis.of(ledger, options);
        Map<String, SortedSet<Integer>> sets = new LinkedHashMap<>();
        String name;
        if (exclude.equals(FLAGGED)) {
            SortedSet<Integer> flagged = a.flagged().stream().map(s -> s.image().index())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (flagged.isEmpty()) {
                throw new BadInputException("no image is flagged with these analysis options; nothing to retrain without");
            }
            name = FLAGGED;
            sets.put(name, flagged);
        } else if (exclude.equals(SUSPECT)) {
            boolean[] cut = a.suspect();
            SortedSet<Integer> suspect = new TreeSet<>();
            for (int i = 0; i < cut.length; i++) if (cut[i]) suspect.add(i);
            if (suspect.isEmpty()) throw new BadInputException("no image is at the cut of pma's order; nothing to retrain without");
            name = SUSPECT;
            sets.put(name, suspect);
        } else {
            Path file = Path.of(exclude);
            name = ExclusionSets.fileName(file);
            sets.put(name, ExclusionSets.read(file, recorded));
        }
        if (control.equals("random")) {
            sets.put(ExclusionSets.randomName(name), ExclusionSets.randomControl(sets.get(name), recorded.targets(),
                    ExclusionSets.randomSeed(config.seed(), name)));
        }

        Path folder = data != null ? data : recorded.root();
        Dataset dataset = DatasetReader.read(folder, config.decision().positiveClass(), log::println);
        if (!dataset.fingerprint().equals(ledger.datasetFingerprint())) {
            throw new BadInputException(folder + ": these dataset files differ from the ones " + ledgerPath
                    + " was made from (give the original folder with --data)");
        }
        ImageTensors tensors = Preprocessor.load(dataset, config.preprocessing());

        try (LedgerLock lock = LedgerLock.acquire(ledgerPath)) {
            ExclusionSets.store(ledger, sets);
            List<Task> all = new ArrayList<>();
            for (String set : sets.keySet()) all.addAll(Experiment.tasks(config, set));
            List<Task> todo = Experiment.pending(ledger, all);
            Map<String, Integer> sizes = new LinkedHashMap<>();
            sets.forEach((k, v) -> sizes.put(k, v.size()));
            log.printf("retraining without %s: %d tasks, %d already in the ledger, %d to run%n",
                    sizes.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " images)")
                            .collect(Collectors.joining(" and ")), all.size(), all.size() - todo.size(), todo.size());
            // The workload applies each task's exclusion set (Workload#splitOf), wherever the task trains.
            Workload work = new Workload(config, tensors, dataset.targets(), ledger.splits(), new LinkedHashMap<>(sets));
            int failed = todo.isEmpty() ? 0
                    : Dispatch.prepare(placement, cluster, ledger, all.size(), dataset.size(), folder, CamOptions.none(),
                            w -> factory.create(w.config(), w.tensors(), w.targets()), log)
                            .run(ledger, todo, work, "retrain", log);
            List<RetrainComparison.Row> rows = Analysis.of(ledger, options).retrain();
            Path table = out.resolve("retrain.csv");
            try {
                AnalysisWriter.retrain(rows).write(table);
            } catch (IOException e) {
                throw new UncheckedIOException(table + ": cannot write (" + e.getMessage() + ")", e);
            }
            return new Outcome(sizes, all.size(), todo.size(), all.size() - todo.size(), rows, table,
                    (System.nanoTime() - start) / 1e9, failed);
        }
    }
}
