/**
 * Small, exact statistics for pma: AUC and its DeLong variance, thresholds, exact and rank tests,
 * multiplicity correction, intervals and summaries, all as pure static functions.
 *
 * <p>Belongs here: general statistical functions of arrays of numbers, each checked against R or
 * scipy, and their shared helpers (midranks in {@link pma.stats.Ranks}). Not here: anything that
 * knows of images, runs or ledgers ({@code pma.analysis}).
 */
package pma.stats;
