/**
 * The ledger: the experiment's one DuckDB file, with its schema, its lock, the rows it stores
 * (tasks, results, predictions, activation maps, epoch records) and the verdicts of reviewers.
 *
 * <p>Belongs here: every SQL statement and JDBC call of pma, so the schema has one owner; other
 * packages read and write through {@link pma.ledger.Ledger}'s methods. Not here: computing anything
 * from the records ({@code pma.analysis}) or deciding what to train ({@code pma.experiment}).
 */
package pma.ledger;
