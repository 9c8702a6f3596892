package pma.spark;

import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import pma.BadInputException;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.experiment.TaskRunner;
import pma.experiment.Workload;
import pma.engine.Engines;
import pma.train.TrainingTaskRunner;

/** What an executor does with one task: train it and send back its rows (or why it cannot be trained). */
final class TrainTask implements Function<Task, TrainTask.Reply> {
    private static final long serialVersionUID = 1L;

    /** A task's rows, or a deterministic failure ({@code error} set, {@code result} null). */
    record Reply(TaskResult result, long seed, String error) implements Serializable {}

    private final String run;
    private final Broadcast<Workload> work;
    private final RunnerFactory runners;
    private final int threads;

    /** @param run names this execution; executors build one runner per run */
    TrainTask(String run, Broadcast<Workload> work, RunnerFactory runners, int threads) {
        this.run = run;
        this.work = work;
        this.runners = runners;
        this.threads = threads;
    }

    @Override
    public Reply call(Task task) {
        Workload w = work.value();
        TaskRunner runner = ExecutorState.runner(run, () -> {
            Engines.init(); // the native library: loaded once per executor JVM
            int n = threads > 0 ? threads : SparkEnv.get().conf().getInt("spark.executor.cores", 0);
            if (n > 0) Engines.setIntraOpThreads(n);
            return runners.create(w);
        });
        try {
            return new Reply(runner.run(task, w.splitOf(task)), 0, null);
        } catch (BadInputException e) {
            // Bad input and divergence repeat with the same seed: report them instead of letting Spark retry.
            return new Reply(null, TrainingTaskRunner.seedOf(w.config().seed(), task), e.getMessage());
        }
    }

    /**
     * Per executor JVM: the runner of the current run, made by its first task. Keyed by a name the
     * driver gives each run, not by broadcast id (ids restart with each SparkContext) nor by the
     * broadcast value (in local mode that is the driver's own object, shared by successive runs).
     */
    static final class ExecutorState {
        private static String current;
        private static TaskRunner runner;

        private ExecutorState() {}

        static synchronized TaskRunner runner(String run, java.util.function.Supplier<TaskRunner> make) {
            if (!run.equals(current)) {
                current = null;
                runner = null; // let the previous run's images go before making the next runner
                runner = make.get();
                current = run;
            }
            return runner;
        }
    }
}
