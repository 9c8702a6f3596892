/**
 * The catalogue of networks, each split into a feature extractor and a head so that activation maps
 * can reach the last feature map.
 *
 * <p>Belongs here: network definitions and their names. Not here: training them ({@code pma.train})
 * or timing them ({@code pma.bench}).
 */
package pma.models;
