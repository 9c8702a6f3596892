/**
 * The deep-learning engine (PyTorch through DJL) as the rest of pma-dl meets it: loading it offline,
 * the device, engine threads and the random seed ({@link pma.engine.Engines}), and the settings that
 * change a task's last bits, recorded in the ledger ({@link pma.engine.EngineSettings}).
 *
 * <p>The bottom of pma-dl: {@code pma.models}, {@code pma.explain}, {@code pma.train} and
 * {@code pma.execution} depend on it, it depends on none of them. Not here: networks
 * ({@code pma.models}), training ({@code pma.train}).
 */
package pma.engine;
