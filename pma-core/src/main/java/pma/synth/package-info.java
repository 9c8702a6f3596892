/** A procedural ultrasound-like thyroid nodule dataset whose hard cases are planted and recorded, so pma's findings can be checked against known truth. */
package pma.synth;
