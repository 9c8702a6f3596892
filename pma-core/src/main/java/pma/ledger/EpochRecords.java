package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.duckdb.DuckDBAppender;
import pma.experiment.EpochRecord;

/** The {@code epoch_prob} table: each training image's state after each epoch of a run. */
public final class EpochRecords {
    private EpochRecords() {}

    /** One image's records in one run, epochs in order. */
    public record Series(int runId, int image, float[] probability, float[] margin) {}

    /** Receives the series one at a time. */
    @FunctionalInterface
    public interface Sink {
        void accept(Series s);
    }

    static void append(Connection c, int runId, List<EpochRecord> records) throws SQLException {
        if (records.isEmpty()) return;
        try (DuckDBAppender a = Ledger.appender(c, "epoch_prob")) {
            for (EpochRecord e : records) {
                a.beginRow();
                a.append(runId);
                a.append(e.epoch());
                a.append(e.image());
                a.append(e.probability());
                a.append(e.margin());
                a.endRow();
            }
        }
    }

    /**
     * Streams the records of the given runs to {@code sink}, one (run, image) series at a time, in
     * run then image order, so memory stays proportional to one series, not to the records.
     */
    public static void stream(Ledger ledger, Collection<Integer> runIds, Sink sink) {
        if (runIds.isEmpty()) return;
        ledger.read(c -> {
            StringBuilder in = new StringBuilder();
            for (int id : runIds) in.append(in.length() == 0 ? "" : ",").append(id);
            try (PreparedStatement p = c.prepareStatement("SELECT run_id, image, probability, margin FROM epoch_prob "
                    + "WHERE run_id IN (" + in + ") ORDER BY run_id, image, epoch");
                 ResultSet rs = p.executeQuery()) {
                int run = -1, image = -1, len = 0;
                float[] prob = new float[64], margin = new float[64];
                while (rs.next()) {
                    int r = rs.getInt(1), i = rs.getInt(2);
                    if (r != run || i != image) {
                        if (len > 0) sink.accept(new Series(run, image, Arrays.copyOf(prob, len), Arrays.copyOf(margin, len)));
                        run = r;
                        image = i;
                        len = 0;
                    }
                    if (len == prob.length) {
                        prob = Arrays.copyOf(prob, 2 * len);
                        margin = Arrays.copyOf(margin, 2 * len);
                    }
                    prob[len] = rs.getFloat(3);
                    margin[len] = rs.getFloat(4);
                    len++;
                }
                if (len > 0) sink.accept(new Series(run, image, Arrays.copyOf(prob, len), Arrays.copyOf(margin, len)));
            }
            return null;
        });
    }
}
