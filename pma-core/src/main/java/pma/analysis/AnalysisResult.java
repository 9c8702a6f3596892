package pma.analysis;

import java.util.List;
import java.util.Map;
import pma.dataset.Dataset;
import pma.experiment.ExperimentConfig;
import pma.stats.Summary;

/**
 * Everything {@code pma analyze} computes from a ledger.
 *
 * @param images one entry per image, in manifest order
 * @param aucByModel test AUC over runs per model (the paper's Table 1), in model order
 * @param runs the runs analysed (main experiment only)
 */
public record AnalysisResult(Dataset dataset, ExperimentConfig config, AnalysisOptions options, List<String> models,
                             List<ImageStats> images, List<RunData> runs, Map<String, Summary> aucByModel,
                             Algorithm1.Result algorithm1, List<ExclusionCurve.Point> exclusionCurve) {
    public List<ImageStats> flagged() {
        return images.stream().filter(ImageStats::flagged).sorted(java.util.Comparator.comparingInt(ImageStats::rank)).toList();
    }
}
