/**
 * {@code pma review}: a small local web app in which an expert walks through flagged images and
 * records verdicts in the ledger.
 *
 * <p>Belongs here: the review queue, its pages and the HTTP server. Not here: storing verdicts
 * ({@code pma.ledger.Verdicts}) or the report ({@code pma.report}).
 *
 * <p>Pages are records ({@code ReviewPages}) rendered by the JTE templates in
 * {@code src/main/jte/review}, compiled into this package at build time (see {@code pma.report} for
 * how); the stylesheet and the script are the resources {@code pma/review/review.css} and
 * {@code review.js}, served by the app.
 */
package pma.review;
