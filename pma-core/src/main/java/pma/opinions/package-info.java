/**
 * Second opinions on which labels are wrong, besides the misclassification frequency: confident
 * learning, training dynamics and standardized loss aggregation.
 *
 * <p>Belongs here: pure label-error scorers computed from recorded predictions or epoch records.
 * Not here: the persistent-misclassification analysis itself ({@code pma.analysis}), scoring the
 * scorers against planted errors ({@code pma.detection}), or image-level near-duplicates
 * ({@code pma.duplicates}).
 */
package pma.opinions;
