package pma.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** For tests only: plain SQL on a ledger's file, to check or damage what the ledger classes wrote. */
public final class LedgerSql {
    private LedgerSql() {}

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a read-only connection to the ledger. */
    public static <T> T read(Path ledger, Work<T> work) {
        return Ledger.open(ledger).read(work::apply);
    }

    /** Runs {@code work} in one write transaction on the ledger. */
    public static <T> T write(Path ledger, Work<T> work) {
        return Ledger.open(ledger).write(work::apply);
    }

    /** A single number from the ledger. */
    public static long count(Path ledger, String sql) {
        return read(ledger, c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
