/**
 * The {@code spark} executor: an experiment's training tasks run on Apache Spark while the driver
 * stays the ledger's only writer.
 *
 * <p>Belongs here: everything that touches Spark. Not here: training (pma-dl, called on executors),
 * or anything the other modules need; no other module depends on this one (training finds the
 * executor on the class path through {@code TaskExecutor.Provider}).
 */
package pma.spark;
