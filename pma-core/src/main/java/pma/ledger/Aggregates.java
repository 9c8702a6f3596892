package pma.ledger;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;

/**
 * The sums that {@code pma analyze} draws from the two big tables, computed by DuckDB alone: what
 * the analysis would cost if it needed no Java at all. The ledger benchmark times them against the
 * analysis itself.
 */
public final class Aggregates {
    private Aggregates() {}

    /** Test appearances and errors of each image over the main experiment's runs; returns the rows read. */
    public static long testTallies(Ledger ledger) {
        return ledger.read(c -> {
            long rows = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT p.image, r.model, count(*), count(*) FILTER (WHERE NOT p.correct), avg(p.probability) "
                            + "FROM prediction p JOIN run r USING (run_id) "
                            + "WHERE p.role = 'test' AND r.status = 'done' AND r.exclusion = '' "
                            + "GROUP BY p.image, r.model ORDER BY p.image, r.model")) {
                while (rs.next()) rows++;
            }
            return rows;
        });
    }

    /**
     * Training-dynamics scores of each image (as {@code pma.opinions.TrainingDynamics}) over the
     * given runs, in one SQL statement; returns the images with a record.
     */
    public static long trainingDynamics(Ledger ledger, Collection<Integer> runIds) {
        if (runIds.isEmpty()) return 0;
        StringBuilder in = new StringBuilder();
        for (int id : runIds) in.append(in.length() == 0 ? "" : ",").append(id);
        return ledger.read(c -> {
            long rows = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "WITH e AS (SELECT run_id, image, probability, margin > 0 AS ok, "
                            + "lag(margin > 0) OVER (PARTITION BY run_id, image ORDER BY epoch) AS before, margin "
                            + "FROM epoch_prob WHERE run_id IN (" + in + ")), "
                            + "r AS (SELECT image, count(*) FILTER (WHERE before AND NOT ok) AS forgotten, bool_or(ok) AS learned, "
                            + "avg(margin) AS aum, avg(probability) AS confidence, stddev_pop(probability) AS variability, "
                            + "avg(ok::INTEGER) AS correctness FROM e GROUP BY run_id, image) "
                            + "SELECT image, count(*), avg(forgotten) FILTER (WHERE learned), avg(1 - learned::INTEGER), avg(aum), "
                            + "avg(confidence), avg(variability), avg(correctness) FROM r GROUP BY image ORDER BY image")) {
                while (rs.next()) rows++;
            }
            return rows;
        });
    }
}
