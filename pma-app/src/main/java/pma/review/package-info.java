/**
 * {@code pma review}: a small local web app in which an expert walks through flagged images and
 * records verdicts in the ledger.
 *
 * <p>Belongs here: the review queue, its pages and the HTTP server. Not here: storing verdicts
 * ({@code pma.ledger.Verdicts}) or the report ({@code pma.report}).
 */
package pma.review;
