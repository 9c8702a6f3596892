package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;

/** The {@code cam} table: class-activation maps of test images, as little-endian float32 blobs. */
public final class CamMaps {
    private CamMaps() {}

    /** A stored map with the run and model it came from. */
    public record Stored(int runId, String model, CamMap map) {}

    static void append(Connection c, int runId, List<CamMap> maps) throws SQLException {
        if (maps.isEmpty()) return;
        // As for predictions: the key (run_id, image, method, target) holds when no map comes twice.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CamMap m : maps) {
            if (!seen.add(m.image() + "/" + m.method() + "/" + m.target())) {
                throw new SQLException("duplicate key: two " + m.method() + "/" + m.target() + " maps of image " + m.image()
                        + " in one task");
            }
        }
        try (DuckDBAppender a = Ledger.appender(c, "cam")) {
            for (CamMap m : maps) {
                a.beginRow();
                a.append(runId);
                a.append(m.image());
                a.append(m.method());
                a.append(m.target());
                a.append(m.height());
                a.append(m.width());
                a.append(CamMap.toBytes(m.values()));
                a.endRow();
            }
        }
    }

    /** Number of stored maps per "method/target" in the main experiment's runs, sorted. */
    public static Map<String, Integer> inventory(Ledger ledger) {
        return ledger.read(c -> {
            Map<String, Integer> out = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT c.method, c.target, count(*) FROM cam c JOIN run r ON r.run_id = c.run_id "
                            + "WHERE r.exclusion = '' GROUP BY c.method, c.target")) {
                while (rs.next()) out.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
            }
            return out;
        });
    }

    /** The stored maps of one method and target in the main experiment's runs, by image, model and run. */
    public static List<Stored> load(Ledger ledger, String method, String target) {
        return ledger.read(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT c.run_id, r.model, c.image, c.h, c.w, c.data FROM cam c JOIN run r ON r.run_id = c.run_id "
                            + "WHERE r.exclusion = '' AND c.method = ? AND c.target = ? ORDER BY c.image, r.model, c.run_id")) {
                p.setString(1, method);
                p.setString(2, target);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getInt(1), rs.getString(2), new CamMap(rs.getInt(3), method, target,
                                rs.getInt(4), rs.getInt(5), CamMap.fromBytes(rs.getBytes(6)))));
                    }
                }
            }
            return out;
        });
    }
}
