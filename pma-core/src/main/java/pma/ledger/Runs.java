package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code run} table: one row per task, finished ({@code done}) or failed for good. */
final class Runs {
    private Runs() {}

    /** Inserts the run row of a finished task and returns its run id. */
    static int insertDone(Connection c, TaskResult r) throws SQLException {
        int runId = nextRunId(c);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO run (run_id, model, iteration, exclusion, seed, "
                + "status, epochs, best_epoch, val_auc, test_auc, threshold, train_seconds, finished) "
                + "VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, current_timestamp)")) {
            p.setInt(1, runId);
            p.setString(2, r.task().model());
            p.setInt(3, r.task().iteration());
            p.setString(4, r.task().exclusion());
            p.setLong(5, r.seed());
            p.setInt(6, r.epochs());
            p.setInt(7, r.bestEpoch());
            setDouble(p, 8, r.valAuc());
            setDouble(p, 9, r.testAuc());
            p.setDouble(10, r.threshold());
            p.setDouble(11, r.trainSeconds());
            p.execute();
        }
        return runId;
    }

    /** Inserts the run row of a task that failed for good. */
    static void insertFailed(Connection c, Task task, long seed, String error) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO run (run_id, model, iteration, exclusion, seed, "
                + "status, finished, error) VALUES (?, ?, ?, ?, ?, 'failed', current_timestamp, ?)")) {
            p.setInt(1, nextRunId(c));
            p.setString(2, task.model());
            p.setInt(3, task.iteration());
            p.setString(4, task.exclusion());
            p.setLong(5, seed);
            p.setString(6, error);
            p.execute();
        }
    }

    static void deleteFailed(Connection c, Task task) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM run WHERE model = ? AND iteration = ? AND exclusion = ? AND status = 'failed'")) {
            p.setString(1, task.model());
            p.setInt(2, task.iteration());
            p.setString(3, task.exclusion());
            p.execute();
        }
    }

    private static int nextRunId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM run")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Set<Task> finished(Connection c) throws SQLException {
        Set<Task> done = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT model, iteration, exclusion FROM run WHERE status = 'done'")) {
            while (rs.next()) done.add(new Task(rs.getString(1), rs.getInt(2), rs.getString(3)));
        }
        return done;
    }

    static Map<Task, String> failed(Connection c) throws SQLException {
        Map<Task, String> failed = new LinkedHashMap<>();
        if (!hasErrorColumn(c)) return failed;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT model, iteration, exclusion, error FROM run WHERE status = 'failed' ORDER BY run_id")) {
            while (rs.next()) failed.put(new Task(rs.getString(1), rs.getInt(2), rs.getString(3)), rs.getString(4));
        }
        return failed;
    }

    /** A version-1 ledger opened read-only may lack the column (see {@link Migrations}). */
    private static boolean hasErrorColumn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'run' AND column_name = 'error'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** Finished runs, optionally of one exclusion set only (null = all). */
    static List<RunRecord> done(Connection c, String exclusion) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        String sql = "SELECT run_id, model, iteration, exclusion, seed, status, epochs, best_epoch, val_auc, test_auc, "
                + "threshold, train_seconds FROM run WHERE status = 'done'" + (exclusion == null ? "" : " AND exclusion = ?")
                + " ORDER BY model, iteration, exclusion";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (exclusion != null) p.setString(1, exclusion);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRecord(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getInt(7), rs.getInt(8), getDouble(rs, 9), getDouble(rs, 10),
                            rs.getDouble(11), rs.getDouble(12)));
                }
            }
        }
        return out;
    }

    private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isNaN(v)) p.setNull(i, java.sql.Types.DOUBLE);
        else p.setDouble(i, v);
    }

    private static double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }
}
