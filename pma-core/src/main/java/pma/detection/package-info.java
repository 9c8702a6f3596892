/**
 * The detection benchmark: plant label errors by flipping whole patient groups, then score each
 * detector's ranking against the planted truth, over several flip sets.
 *
 * <p>Belongs here: label flipping, detection metrics (AUPRC, precision and recall of flags) and the
 * per-seed summaries with their paired comparisons. Not here: the detectors themselves
 * ({@code pma.opinions}, {@code pma.analysis}) or training ({@code pma.train}).
 */
package pma.detection;
