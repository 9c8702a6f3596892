package pma.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated, labelled image dataset: a folder with {@code manifest.csv} and the files it names.
 *
 * @param root the dataset folder; image and mask paths are relative to it
 * @param images manifest rows in manifest order ({@code images.get(i).index() == i})
 * @param negativeClass the label that maps to target 0
 * @param positiveClass the label that maps to target 1
 * @param featureColumns annotated feature columns in manifest order
 * @param fingerprint SHA-256 over the manifest and every image and mask file
 */
public record Dataset(Path root, List<ImageRecord> images, String negativeClass, String positiveClass,
                      List<String> featureColumns, String fingerprint) {

    public int size() {
        return images.size();
    }

    public int[] targets() {
        return images.stream().mapToInt(ImageRecord::target).toArray();
    }

    public String[] patients() {
        return images.stream().map(ImageRecord::patient).toArray(String[]::new);
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public long count(int target) {
        return images.stream().filter(r -> r.target() == target).count();
    }

    public long patientCount() {
        return images.stream().map(ImageRecord::patient).distinct().count();
    }
}
