package pma.ledger;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The {@code experiment} row's provenance: the pma version that created the ledger and when.
 *
 * @param codeVersion the creating pma's version
 * @param created the creation time in the ledger's own clock, as DuckDB prints it
 *     ({@code yyyy-MM-dd HH:mm:ss.SSSSSS}); empty when absent
 */
public record ExperimentInfo(String codeVersion, String created) {
    /** Reads the ledger's experiment row; empty strings when it has none. */
    public static ExperimentInfo of(Ledger ledger) {
        return ledger.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT code_version, CAST(created AS VARCHAR) FROM experiment WHERE id = 1")) {
                if (!rs.next()) return new ExperimentInfo("", "");
                return new ExperimentInfo(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
        });
    }
}
