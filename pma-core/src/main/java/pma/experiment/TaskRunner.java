package pma.experiment;

import pma.split.Split;
import pma.ledger.TaskResult;
import pma.ledger.Task;

/** Trains one task on its split and returns the rows to record. Implementations live with the networks. */
public interface TaskRunner {
    TaskResult run(Task task, Split split);
}
