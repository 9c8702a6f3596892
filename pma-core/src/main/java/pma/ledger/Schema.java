package pma.ledger;

import java.util.List;

/**
 * The ledger's tables (DESIGN §4), version {@link Ledger#SCHEMA_VERSION}.
 *
 * <p>{@code run.status} is {@code done} (its predictions are recorded) or {@code failed} (no
 * predictions; {@code run.error} says why). {@code run.error} came with version 2: a version-1
 * ledger opened read-only may lack it, so readers check for it ({@link Migrations} adds it on the
 * first write). {@code feature_distance} came with version 3 and is read the same way.
 */
final class Schema {
    private Schema() {}

    static final List<String> DDL = List.of(
            "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
            "CREATE TABLE experiment (id INTEGER PRIMARY KEY, created TIMESTAMP NOT NULL, config VARCHAR NOT NULL, "
                    + "dataset_path VARCHAR NOT NULL, dataset_fingerprint VARCHAR NOT NULL, negative_class VARCHAR NOT NULL, "
                    + "positive_class VARCHAR NOT NULL, code_version VARCHAR NOT NULL)",
            "CREATE TABLE image (idx INTEGER PRIMARY KEY, id VARCHAR NOT NULL UNIQUE, label VARCHAR NOT NULL, "
                    + "target INTEGER NOT NULL, patient VARCHAR NOT NULL, subtype VARCHAR NOT NULL, mask VARCHAR NOT NULL)",
            "CREATE TABLE image_feature (image INTEGER NOT NULL, position INTEGER NOT NULL, feature VARCHAR NOT NULL, "
                    + "value VARCHAR NOT NULL, PRIMARY KEY (image, feature))",
            "CREATE TABLE split_plan (iteration INTEGER PRIMARY KEY, seed BIGINT NOT NULL)",
            "CREATE TABLE split (iteration INTEGER NOT NULL, image INTEGER NOT NULL, role VARCHAR NOT NULL, "
                    + "PRIMARY KEY (iteration, image))",
            "CREATE TABLE run (run_id INTEGER PRIMARY KEY, model VARCHAR NOT NULL, iteration INTEGER NOT NULL, "
                    + "exclusion VARCHAR NOT NULL, seed BIGINT NOT NULL, status VARCHAR NOT NULL, epochs INTEGER, "
                    + "best_epoch INTEGER, val_auc DOUBLE, test_auc DOUBLE, threshold DOUBLE, train_seconds DOUBLE, "
                    + "finished TIMESTAMP NOT NULL, error VARCHAR, UNIQUE (model, iteration, exclusion))",
            "CREATE TABLE prediction (run_id INTEGER NOT NULL, image INTEGER NOT NULL, role VARCHAR NOT NULL, "
                    + "probability DOUBLE NOT NULL, predicted INTEGER NOT NULL, correct BOOLEAN NOT NULL, "
                    + "PRIMARY KEY (run_id, image))",
            "CREATE TABLE epoch_prob (run_id INTEGER NOT NULL, epoch INTEGER NOT NULL, image INTEGER NOT NULL, "
                    + "probability FLOAT NOT NULL, margin FLOAT NOT NULL)",
            "CREATE TABLE cam (run_id INTEGER NOT NULL, image INTEGER NOT NULL, method VARCHAR NOT NULL, "
                    + "target VARCHAR NOT NULL, h INTEGER NOT NULL, w INTEGER NOT NULL, data BLOB NOT NULL, "
                    + "PRIMARY KEY (run_id, image, method, target))",
            "CREATE TABLE exclusion_set (name VARCHAR NOT NULL, image INTEGER NOT NULL, PRIMARY KEY (name, image))",
            "CREATE TABLE verdict (image INTEGER NOT NULL, reviewer VARCHAR NOT NULL, verdict VARCHAR NOT NULL, "
                    + "note VARCHAR NOT NULL, created TIMESTAMP NOT NULL)",
            Schema.FEATURE_DISTANCE);

    /**
     * Version 3: one row per test prediction, written by the task that made it; version 4 added
     * {@code other_label_neighbours} (NULL in rows written before).
     */
    static final String FEATURE_DISTANCE = "CREATE TABLE IF NOT EXISTS feature_distance (run_id INTEGER NOT NULL, "
            + "image INTEGER NOT NULL, distance DOUBLE NOT NULL, other_label_neighbours DOUBLE, PRIMARY KEY (run_id, image))";
}
