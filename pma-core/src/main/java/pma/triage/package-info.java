/**
 * Triage: for each image, the likely reasons the models get it wrong (a label issue, an
 * ambiguous case, an image unlike the training images, a near-duplicate under the other label,
 * attention away from the lesion), each with the evidence behind it, so that a reviewer knows
 * what to look at first. Every rule is a pure function of recorded numbers; {@link
 * pma.triage.Triages} gathers them from a ledger.
 */
package pma.triage;
