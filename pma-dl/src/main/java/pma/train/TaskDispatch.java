package pma.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import pma.experiment.Experiment;
import pma.ledger.Task;
import pma.experiment.TaskExecutor;
import pma.experiment.Workload;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.progress.Progress;

/**
 * Where the pending tasks of {@code pma run} and {@code pma retrain} train: in worker processes
 * when several train locally at once, else on the executor (this process, or a cluster).
 */
final class TaskDispatch {
    private TaskDispatch() {}

    /**
     * @param processes worker processes; above 1 only with the local executor
     * @param engine engine threads per task; null on a cluster, which sets its own
     * @param data the dataset folder, which worker processes read themselves
     * @param what the progress bar's label
     * @return tasks the executor recorded as failed
     */
    static int run(Ledger ledger, List<Task> todo, Workload work, TaskExecutor executor, int processes,
                   EngineSettings engine, Path data, CamOptions cams, String what, PrintWriter log) {
        if (todo.isEmpty()) return 0;
        Progress progress = Progress.onStderr(what, todo.size());
        if (processes > 1) {
            // Several small tasks at once, one engine thread each, in worker processes: the
            // engine allows one training per process (see ModelTrainer).
            log.printf("training in %d worker processes, %d engine thread(s) each%n", Math.min(processes, todo.size()),
                    engine.threadsPerTask());
            TaskWorkers.run(ledger, todo, work::splitOf, data, work.config(), cams, processes, engine.threadsPerTask(),
                    progress);
            return 0;
        }
        if (engine != null) Engines.setIntraOpThreads(engine.threadsPerTask());
        return Experiment.run(ledger, todo, work, executor, progress);
    }
}
