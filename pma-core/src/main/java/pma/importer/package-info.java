/**
 * Importers that turn public datasets in their original layouts (class folders, BUSI, DDTI) into
 * pma's dataset format: {@code manifest.csv}, images, masks and a summary.
 *
 * <p>Belongs here: one importer per source layout and what they share. Not here: reading or validating
 * pma's own format ({@code pma.dataset}). Entry point: {@link pma.importer.Importers}. Every importer
 * writes into a temporary sibling of the output folder and renames it into place at the end, so a
 * failed import leaves nothing.
 */
package pma.importer;
