/**
 * {@code pma bench}: timing of training and inference steps of the model zoo on random inputs.
 *
 * <p>Belongs here: measurements of speed. Not here: tests of correctness (the test tree), or
 * anything an experiment's results depend on.
 */
package pma.bench;
