package pma.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import pma.ledger.Ledger;
import pma.progress.Progress;
import pma.split.Split;
import pma.ledger.TaskResult;
import pma.ledger.Task;
import pma.config.ExperimentConfig;

/**
 * Runs an experiment's training tasks and records each in the ledger as it finishes.
 *
 * <p>Tasks are ordered iteration by iteration, every model on the same split, so a partial run is
 * balanced across models. Finished tasks found in the ledger are skipped: that is how
 * {@code --resume} works, and why a killed run loses at most the task in flight. Tasks recorded as
 * failed count as not finished, so a resume retries them.
 */
public final class Experiment {
    private Experiment() {}

    /** All tasks of the main experiment, iteration-major. */
    public static List<Task> tasks(ExperimentConfig config, String exclusion) {
        List<Task> tasks = new ArrayList<>();
        for (int it = 0; it < config.iterationCount(); it++) {
            for (String model : config.models()) tasks.add(new Task(model, it, exclusion));
        }
        return tasks;
    }

    /**
     * Runs the given tasks (normally {@link #pending}) and records each as it finishes.
     *
     * @param splitOf the split each task trains on (already with any exclusion applied)
     */
    public static void run(Ledger ledger, List<Task> todo, Function<Task, Split> splitOf, TaskRunner runner,
                           Progress progress) {
        for (Task task : todo) {
            TaskResult result = runner.run(task, splitOf.apply(task));
            ledger.record(result);
            progress.step(String.format(Locale.ROOT, "%s it %d: val AUC %.3f, test AUC %.3f, %d epochs",
                    task.model(), task.iteration(), result.valAuc(), result.testAuc(), result.epochs()));
        }
    }

    /**
     * Runs the given tasks (normally {@link #pending}) on an executor and records each as its
     * outcome arrives: a finished task's rows, or a failed task's error.
     *
     * @return the number of tasks that failed (recorded as failed; {@code --resume} retries them)
     */
    public static int run(Ledger ledger, List<Task> todo, Workload work, TaskExecutor executor, Progress progress) {
        int[] failed = {0};
        executor.execute(work, todo, new TaskExecutor.Sink() {
            @Override
            public void finished(TaskResult result) {
                ledger.record(result);
                Task task = result.task();
                progress.step(String.format(Locale.ROOT, "%s it %d: val AUC %.3f, test AUC %.3f, %d epochs",
                        task.model(), task.iteration(), result.valAuc(), result.testAuc(), result.epochs()));
            }

            @Override
            public void failed(Task task, long seed, String error) {
                ledger.recordFailure(task, seed, error);
                failed[0]++;
                progress.step(String.format(Locale.ROOT, "%s it %d: FAILED: %s", task.model(), task.iteration(), error));
            }
        });
        return failed[0];
    }

    /** Tasks of {@code tasks} that are not yet in the ledger. */
    public static List<Task> pending(Ledger ledger, List<Task> tasks) {
        Set<Task> done = ledger.finishedTasks();
        return tasks.stream().filter(t -> !done.contains(t)).collect(Collectors.toList());
    }
}
