package pma.dataset;

import java.util.Map;

/**
 * One row of a manifest.
 *
 * @param index position in the manifest (0-based); the key used everywhere else
 * @param id unique image id: the manifest's {@code image} path as written
 * @param label the given label as written in the manifest
 * @param target 1 when {@code label} is the positive class, else 0
 * @param patient group id; images of one patient never straddle partitions
 * @param subtype optional subtype (empty when absent)
 * @param mask lesion mask path relative to the dataset folder (empty when absent)
 * @param features annotated features, column name to value (empty string = not annotated)
 */
public record ImageRecord(int index, String id, String label, int target, String patient,
                          String subtype, String mask, Map<String, String> features) {
    public boolean hasMask() {
        return !mask.isEmpty();
    }
}
