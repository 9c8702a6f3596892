/**
 * Second opinions on which labels are wrong, besides the misclassification frequency: confident
 * learning, training dynamics, near-duplicates, and benchmarks against planted label errors.
 *
 * <p>Belongs here: label-error detectors computed from recorded predictions, epoch records or the
 * images themselves, and their scoring against known truth. Not here: the persistent-misclassification
 * analysis itself ({@code pma.analysis}) or training ({@code pma.train}).
 */
package pma.opinions;
