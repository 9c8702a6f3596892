/**
 * Where and how a command's training tasks run: the runners of {@code pma run} and
 * {@code pma retrain} (also behind {@code demo} and {@code benchmark-detection}), the choice of
 * executor ({@link pma.execution.Placement}: {@code local}, {@code workers} or a cluster executor
 * such as {@code spark}), and the worker processes ({@link pma.execution.WorkerExecutor}).
 *
 * <p>Whichever executor trains, the outcomes come back to the calling thread, the ledger's only
 * writer, one transaction per task. Belongs here: opening the ledger for a run, dispatching tasks,
 * worker processes. Not here: training one task ({@code pma.train}), the engine-free experiment
 * model and the in-process executor ({@code pma.experiment}), Spark ({@code pma.spark}), the
 * command line ({@code pma.cli}).
 */
package pma.execution;
