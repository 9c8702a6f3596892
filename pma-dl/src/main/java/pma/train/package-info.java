/**
 * Training on the deep-learning engine: one task from split to the rows it records (predictions,
 * per-epoch probabilities, the class-activation maps of its test images), and its settings.
 *
 * <p>Belongs here: everything that trains one task. Not here: the engine itself ({@code pma.engine}),
 * the networks ({@code pma.models}), the map methods ({@code pma.explain}), where tasks run and the
 * runners of {@code pma run} and {@code pma retrain} ({@code pma.execution}), planning splits
 * ({@code pma.split}), analysis of the results ({@code pma.analysis}), or Spark ({@code pma.spark}).
 */
package pma.train;
