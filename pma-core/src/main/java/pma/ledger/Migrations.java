package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Numbered changes to the ledger's tables since version 1. A new ledger gets the tables of the
 * latest version at once ({@link Schema}); an older one is brought up to date the first time it is
 * written to, never when it is only read, so reading a ledger leaves its file untouched.
 */
final class Migrations {
    private Migrations() {}

    /** One step: the statements that take a ledger from {@code version - 1} to {@code version}. */
    record Migration(int version, String what, List<String> sql) {}

    static final List<Migration> ALL = List.of(
            new Migration(2, "run.error: why a failed task failed",
                    List.of("ALTER TABLE run ADD COLUMN IF NOT EXISTS error VARCHAR")),
            new Migration(3, "feature_distance: each test image's distance to the training images in feature space",
                    List.of(Schema.FEATURE_DISTANCE)),
            new Migration(4, "feature_distance.other_label_neighbours: the share of a test image's nearest training images "
                    + "labelled otherwise",
                    List.of("ALTER TABLE feature_distance ADD COLUMN IF NOT EXISTS other_label_neighbours DOUBLE")));

    /** The version a ledger has once every migration is applied. */
    static final int LATEST = ALL.get(ALL.size() - 1).version();

    /** Applies the migrations after {@code from}, inside the caller's transaction, and records the new version. */
    static void apply(Connection c, int from) throws SQLException {
        if (from >= LATEST) return;
        try (Statement s = c.createStatement()) {
            for (Migration m : ALL) {
                if (m.version() <= from) continue;
                for (String sql : m.sql()) s.execute(sql);
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'schema_version'")) {
            p.setString(1, Integer.toString(LATEST));
            p.execute();
        }
    }
}
