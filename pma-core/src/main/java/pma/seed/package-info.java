/**
 * The pseudo-random bits pma generates itself: SplitMix64, one implementation for every seed.
 *
 * <p>Belongs here: the generator and its finaliser, which split seeds, training's per-epoch seeds and
 * synthetic data derive their values from. Not here: how a particular seed is combined from its
 * keys (that stays with its user, e.g. {@code pma.split.Seeds}), and draws from distributions other
 * than uniform bits.
 */
package pma.seed;
