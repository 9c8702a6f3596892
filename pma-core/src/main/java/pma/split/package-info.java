/**
 * How an experiment divides the dataset into training, validation and test sets, iteration by
 * iteration, grouped by patient and stratified by class.
 *
 * <p>Belongs here: the planners (repeated K-fold, Monte Carlo), splits, their fairness counts and how
 * seeds are derived from the base seed ({@link pma.split.Seeds}). Not here: the random generator
 * itself ({@code pma.seed}) or the images ({@code pma.dataset}).
 */
package pma.split;
