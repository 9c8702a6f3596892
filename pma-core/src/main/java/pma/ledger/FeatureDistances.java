package pma.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;

/** The {@code feature_distance} table (schema version 3, 4): one distance and neighbours' share per test prediction. */
final class FeatureDistances {
    private FeatureDistances() {}

    static void append(Connection c, int runId, List<FeatureDistance> distances) throws SQLException {
        if (distances.isEmpty()) return;
        java.util.BitSet seen = new java.util.BitSet();
        for (FeatureDistance d : distances) {
            if (seen.get(d.image())) throw new SQLException("duplicate key: two feature distances of image " + d.image() + " in one task");
            seen.set(d.image());
        }
        try (DuckDBAppender a = Ledger.appender(c, "feature_distance")) {
            for (FeatureDistance d : distances) {
                a.beginRow();
                a.append(runId);
                a.append(d.image());
                a.append(d.distance());
                if (Double.isNaN(d.otherLabelNeighbours())) a.appendNull();
                else a.append(d.otherLabelNeighbours());
                a.endRow();
            }
        }
    }

    /**
     * Distances by run id, then image. A ledger of version 2 or older opened read-only has no such
     * table (it comes with {@link Migrations} on the first write): then none.
     */
    static Map<Integer, Map<Integer, Double>> of(Connection c) throws SQLException {
        Map<Integer, Map<Integer, Double>> out = new HashMap<>();
        if (!exists(c)) return out;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, image, distance FROM feature_distance ORDER BY run_id, image")) {
            while (rs.next()) out.computeIfAbsent(rs.getInt(1), k -> new TreeMap<>()).put(rs.getInt(2), rs.getDouble(3));
        }
        return out;
    }

    /** Shares of other-label neighbours by run id, then image; rows without one (NULL) are left out. */
    static Map<Integer, Map<Integer, Double>> otherLabelNeighbours(Connection c) throws SQLException {
        Map<Integer, Map<Integer, Double>> out = new HashMap<>();
        // A ledger of version 3 opened read-only has the table without the column (it comes with Migrations).
        if (!hasNeighbours(c)) return out;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, image, other_label_neighbours FROM feature_distance "
                     + "WHERE other_label_neighbours IS NOT NULL ORDER BY run_id, image")) {
            while (rs.next()) out.computeIfAbsent(rs.getInt(1), k -> new TreeMap<>()).put(rs.getInt(2), rs.getDouble(3));
        }
        return out;
    }

    private static boolean hasNeighbours(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns "
                + "WHERE table_name = 'feature_distance' AND column_name = 'other_label_neighbours'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'feature_distance'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
