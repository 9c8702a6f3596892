package pma.analysis;

import java.util.Map;
import pma.dataset.ImageRecord;
import pma.stats.Interval;

/**
 * Persistent-misclassification statistics of one image.
 *
 * @param byModel tally per model, in the experiment's model order
 * @param pooled tally over every model's runs: the paper's F_j
 * @param ci Wilson 95% interval of the pooled F
 * @param enoughAppearances whether the image was tested often enough to be flagged at all: at least
 *     the pooled minimum (pooled rule), or at least the per-model minimum by more than the number of
 *     agreeing models required (per-model rule)
 * @param flagged whether the chosen flag rule flags it
 * @param rank 1 = most suspect in pma's order ({@code sla_knn}, {@link pma.opinions.SecondOpinions#suspicion});
 *     the paper's order with {@code --replicate-authors}; 0 = never tested
 * @param fRank 1 = most persistently misclassified in the paper's order (pooled F, ties by lower mean
 *     true-class probability); 0 = never tested
 * @param suspicion pma's score behind {@code rank}, higher = more suspect ({@code sla_knn}, or
 *     {@code sla_group} where no neighbours were recorded); NaN = never tested
 */
public record ImageStats(ImageRecord image, Map<String, Tally> byModel, Tally pooled, Interval ci,
                         boolean enoughAppearances, boolean flagged, int rank, int fRank,
                         double suspicion) {}
