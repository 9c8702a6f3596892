/**
 * A pma dataset on disk and in memory: the manifest, its validation, and the decoded, cropped and
 * resized images.
 *
 * <p>Belongs here: reading and validating a dataset folder, decoding images (DICOM included),
 * preprocessing them into tensors and the on-disk tensor cache. Not here: converting other layouts
 * into a dataset ({@code pma.importer}), generating data ({@code pma.synth}), or splitting it
 * ({@code pma.split}).
 */
package pma.dataset;
