/**
 * Training on the deep-learning engine (PyTorch through DJL): one task from split to recorded
 * predictions, the engine's settings, and the runners of {@code pma run} and {@code pma retrain}.
 *
 * <p>Belongs here: everything that touches the engine to train, and the worker processes that train
 * tasks in parallel. Not here: planning splits ({@code pma.split}), the engine-free experiment model
 * ({@code pma.experiment}), analysis of the results ({@code pma.analysis}), or Spark ({@code pma.spark}).
 */
package pma.train;
