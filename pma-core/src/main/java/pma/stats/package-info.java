/** Small, exact statistics for pma: AUC and its DeLong variance, thresholds, exact and rank tests, multiplicity correction, intervals and summaries, all as pure static functions. */
package pma.stats;
