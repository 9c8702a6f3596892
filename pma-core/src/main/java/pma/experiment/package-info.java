/**
 * An experiment as a list of training tasks and what each leaves behind, independent of the
 * engine that trains it and of where it runs.
 *
 * <p>Belongs here: the workload, the executor interface and the in-process executor. Not here:
 * the configuration ({@code pma.config}), the task and result rows ({@code pma.ledger}), training itself
 * ({@code pma.train}, pma-dl, behind {@link pma.experiment.TaskRunner}), worker processes and the
 * choice of executor ({@code pma.execution}, pma-dl), cluster executors ({@code pma.spark}), or
 * storing results ({@code pma.ledger}).
 */
package pma.experiment;
