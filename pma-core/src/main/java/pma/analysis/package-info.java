/**
 * What {@code pma analyze} computes from a ledger's runs: misclassification frequencies, flags,
 * Algorithm 1, the exclusion curve, AUC tables, feature rarity and the retraining comparison.
 *
 * <p>Belongs here: the analysis as pure computation over recorded runs ({@link pma.analysis.Analysis}
 * into {@link pma.analysis.AnalysisResult}) and its CSV tables ({@link pma.analysis.AnalysisWriter}).
 * Not here: training or the engine (pma-dl), general statistics ({@code pma.stats}), reading the
 * ledger's tables ({@code pma.ledger}), HTML or charts ({@code pma.report}).
 */
package pma.analysis;
