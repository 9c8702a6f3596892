/**
 * The ledger at the scale of the paper protocol: synthetic rows written through the ledger's own
 * stores, then the analysis and the plain aggregate queries it needs, timed ({@code pma bench ledger}).
 *
 * <p>Belongs here: generating and timing such a ledger. Not here: the per-step training benchmark
 * ({@code pma.bench}, pma-dl) or anything a real experiment runs.
 */
package pma.bench.ledger;
