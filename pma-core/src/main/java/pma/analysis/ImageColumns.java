package pma.analysis;

import java.util.List;

/**
 * Columns that another package adds to images.csv, after the analysis' own (the triage's, for
 * one), so that the analysis needs to know nothing of them.
 */
public interface ImageColumns {
    ImageColumns NONE = new ImageColumns() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public List<Object> values(int image) {
            return List.of();
        }
    };

    /** Column names, snake_case. */
    List<String> names();

    /** The cells of image {@code image} (manifest index), one per name. */
    List<Object> values(int image);
}
