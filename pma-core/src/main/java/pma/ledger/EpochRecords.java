package pma.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.duckdb.DuckDBAppender;

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
     * run then image order, epochs in order, so memory stays proportional to one run's records.
     *
     * <p>Each run is read by a query of its own, unsorted (its rows lie together in the file, so
     * DuckDB skips the rest), and put in image and epoch order here: sorting the whole table in
     * DuckDB first took most of {@code pma analyze}'s time and memory at the paper's scale.
     */
    public static void stream(Ledger ledger, Collection<Integer> runIds, Sink sink) {
        if (runIds.isEmpty()) return;
        int[] runs = runIds.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        ledger.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT image, epoch, probability, margin FROM epoch_prob WHERE run_id = ?")) {
                Rows rows = new Rows();
                for (int run : runs) {
                    rows.clear();
                    p.setInt(1, run);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) rows.add(rs.getInt(1), rs.getInt(2), rs.getFloat(3), rs.getFloat(4));
                    }
                    rows.emit(run, sink);
                }
            }
            return null;
        });
    }

    /** One run's records as read, in growable columns. */
    private static final class Rows {
        int n;
        int[] image = new int[1024], epoch = new int[1024];
        float[] probability = new float[1024], margin = new float[1024];

        void clear() {
            n = 0;
        }

        void add(int i, int e, float p, float m) {
            if (n == image.length) {
                image = Arrays.copyOf(image, 2 * n);
                epoch = Arrays.copyOf(epoch, 2 * n);
                probability = Arrays.copyOf(probability, 2 * n);
                margin = Arrays.copyOf(margin, 2 * n);
            }
            image[n] = i;
            epoch[n] = e;
            probability[n] = p;
            margin[n] = m;
            n++;
        }

        /** Sends the series in image order, each in epoch order (a counting sort, then a tiny sort per image). */
        void emit(int run, Sink sink) {
            if (n == 0) return;
            int images = 0;
            for (int k = 0; k < n; k++) images = Math.max(images, image[k] + 1);
            int[] start = new int[images + 1];
            for (int k = 0; k < n; k++) start[image[k] + 1]++;
            for (int i = 0; i < images; i++) start[i + 1] += start[i];
            int[] order = new int[n];
            int[] next = Arrays.copyOf(start, images);
            for (int k = 0; k < n; k++) order[next[image[k]]++] = k;
            for (int i = 0; i < images; i++) {
                int from = start[i], len = start[i + 1] - from;
                if (len == 0) continue;
                // insertion sort by epoch: a few dozen records, usually in order already
                for (int a = from + 1; a < from + len; a++) {
                    int k = order[a], b = a - 1;
                    while (b >= from && epoch[order[b]] > epoch[k]) {
                        order[b + 1] = order[b];
                        b--;
                    }
                    order[b + 1] = k;
                }
                float[] prob = new float[len], marg = new float[len];
                for (int j = 0; j < len; j++) {
                    prob[j] = probability[order[from + j]];
                    marg[j] = margin[order[from + j]];
                }
                sink.accept(new Series(run, i, prob, marg));
            }
        }
    }
}
