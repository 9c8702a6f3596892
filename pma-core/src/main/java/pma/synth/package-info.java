/**
 * A procedural ultrasound-like thyroid nodule dataset whose hard cases are planted and recorded, so
 * pma's findings can be checked against known truth.
 *
 * <p>Belongs here: the generator of {@code pma synth}, its nodules, subtypes and rendering. Not here:
 * reading datasets ({@code pma.dataset}) or planting label errors in an existing one
 * ({@code pma.detection.LabelFlips}).
 */
package pma.synth;
