/**
 * An experiment as a list of training tasks and what each leaves behind, independent of the
 * engine that trains it and of where it runs.
 *
 * <p>Belongs here: the recorded configuration, tasks, their results (predictions, activation maps,
 * epoch records), the executor interface and the in-process executor. Not here: training itself
 * ({@code pma.train}, pma-dl, behind {@link pma.experiment.TaskRunner}), cluster executors
 * ({@code pma.spark}), or storing results ({@code pma.ledger}).
 */
package pma.experiment;
