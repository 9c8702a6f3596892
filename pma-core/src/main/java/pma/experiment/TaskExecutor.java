package pma.experiment;

import java.util.List;
import pma.ledger.TaskResult;
import pma.ledger.Task;

/**
 * Where an experiment's training tasks run: one after another in this process
 * ({@link LocalExecutor}), in worker processes on this machine ({@code pma.execution.WorkerExecutor},
 * pma-dl), or spread over a cluster ({@code pma.spark.SparkExecutor}, pma-spark).
 *
 * <p>However the tasks run, their outcomes come back to the thread that called {@link #execute},
 * one task at a time, so that thread stays the ledger's only writer. Executors other than the
 * local one are found with {@link java.util.ServiceLoader} through {@link Provider}, so a cluster
 * executor is available exactly when its jar is on the class path.
 */
public interface TaskExecutor extends AutoCloseable {

    /**
     * Runs {@code todo} and hands each task's outcome to {@code sink} as it arrives.
     *
     * @param work everything a task needs besides its description: settings, images, splits
     */
    void execute(Workload work, List<Task> todo, Sink sink);

    /** Releases what the executor holds (a cluster connection); the local executor holds nothing. */
    @Override
    default void close() {}

    /** Receives outcomes, in the thread that called {@link #execute}. */
    interface Sink {
        void finished(TaskResult result);

        /**
         * A task that failed for good (after the executor's retries); the experiment goes on.
         *
         * @param seed the seed the task trained with
         * @param error what went wrong, one line
         */
        void failed(Task task, long seed, String error);
    }

    /** Makes executors of one name; registered in {@code META-INF/services}. */
    interface Provider {
        /** The {@code --executor} value, e.g. {@code spark}. */
        String name();

        /**
         * Checks the settings and makes an executor; nothing may start that needs closing when the
         * settings are bad.
         *
         * @param master where to run, as the executor understands it; null = its default
         * @param threads engine threads per task; 0 = the executor's default
         * @throws pma.BadInputException when the settings are wrong or the executor cannot run here
         */
        TaskExecutor create(String master, int threads);
    }
}
