/**
 * Analysis of the class-activation maps a ledger stores: mean maps, their stability across runs,
 * the agreement of models and the focus on the lesion.
 *
 * <p>Belongs here: arithmetic on stored maps ({@link pma.analysis.cam.CamGrid}) and their aggregation
 * ({@link pma.analysis.cam.CamAnalysis}). Not here: computing maps from a network
 * ({@code pma.explain}, pma-dl), or drawing them ({@code pma.report}).
 */
package pma.analysis.cam;
