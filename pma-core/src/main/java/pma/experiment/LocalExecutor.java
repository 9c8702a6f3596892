package pma.experiment;

import java.util.List;
import java.util.function.Function;
import pma.ledger.Task;

/**
 * Runs tasks one after another in this process, each on the whole machine.
 *
 * <p>Failures are not caught: a task that throws stops the experiment with its error (bad input,
 * a diverged model), leaving the tasks finished before it in the ledger.
 */
public final class LocalExecutor implements TaskExecutor {
    private final Function<Workload, TaskRunner> runners;

    /** @param runners makes the runner that trains the workload's tasks */
    public LocalExecutor(Function<Workload, TaskRunner> runners) {
        this.runners = runners;
    }

    @Override
    public void execute(Workload work, List<Task> todo, Sink sink) {
        if (todo.isEmpty()) return;
        TaskRunner runner = runners.apply(work);
        for (Task task : todo) sink.finished(runner.run(task, work.splitOf(task)));
    }
}
