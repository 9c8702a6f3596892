package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import pma.split.Role;

/** The {@code prediction} table: every validation and test output of a finished run. */
final class Predictions {
    private Predictions() {}

    static void append(Connection c, int runId, List<Prediction> predictions) throws SQLException {
        if (predictions.isEmpty()) return;
        // The appender does not reliably report a broken primary key within its own rows, and the
        // run id is new, so the key (run_id, image) holds exactly when no image comes twice.
        java.util.BitSet seen = new java.util.BitSet();
        for (Prediction pr : predictions) {
            if (seen.get(pr.image())) throw new SQLException("duplicate key: two predictions of image " + pr.image() + " in one task");
            seen.set(pr.image());
        }
        try (DuckDBAppender a = Ledger.appender(c, "prediction")) {
            for (Prediction pr : predictions) {
                a.beginRow();
                a.append(runId);
                a.append(pr.image());
                a.append(pr.role().code());
                a.append(pr.probability());
                a.append(pr.predicted());
                a.append(pr.correct());
                a.endRow();
            }
        }
    }

    /** Predictions of the given role, grouped by run id, in image order. */
    static Map<Integer, List<Prediction>> of(Connection c, Role role) throws SQLException {
        Map<Integer, List<Prediction>> out = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT run_id, image, probability, predicted, correct FROM prediction WHERE role = ? ORDER BY run_id, image")) {
            p.setString(1, role.code());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(
                            new Prediction(rs.getInt(2), role, rs.getDouble(3), rs.getInt(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }
}
