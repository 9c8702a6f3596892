/**
 * Near-duplicate images found by perceptual hashing, and the pairs among them whose labels
 * disagree.
 *
 * <p>Belongs here: hashing preprocessed images and comparing the hashes. Not here: anything learned
 * from a network ({@code pma.opinions}).
 */
package pma.duplicates;
