package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;

/**
 * A ledger written by an earlier pma, on DuckDB 1.4.4, still opens and analyzes to the same tables.
 * The ledger (src/test/resources/ledgers/duckdb-1.4.4.duckdb.gz) is the pinned run of
 * {@link PinnedOutputsTest}, written with its commands by pma at commit 15b5067 (schema version 2,
 * the configuration stored as flat JSON), so its tables are the pinned ones. Before any upgrade of
 * DuckDB or change of the schema or the configuration's form, this test says whether users' existing
 * ledgers still open.
 */
class OldLedgerTest {
    @TempDir
    Path dir;

    @Test
    void aLedgerOfDuckDb144AnalyzesToThePinnedTables() throws IOException {
        Path ledger = dir.resolve("old.duckdb");
        try (InputStream in = new GZIPInputStream(OldLedgerTest.class.getResourceAsStream("/ledgers/duckdb-1.4.4.duckdb.gz"))) {
            Files.copy(in, ledger);
        }
        Path out = dir.resolve("out");
        Pma analyze = Pma.run("analyze", ledger.toString(), "--out", out.toString());
        assertThat(analyze.code()).as(analyze.err()).isZero();
        for (String t : PinnedOutputsTest.TABLES) {
            String expected = PinnedOutputsTest.resource(t), actual = PinnedOutputsTest.table(out, t);
            if (t.equals("images.csv")) {
                // The triage columns came later (schema 3): compare the 30 columns pma wrote then, and see
                // that an old ledger, which holds no feature distances, marks no image atypical.
                assertThat(columns(actual, LAST_OLD_COLUMN)).as(t).isEqualTo(columns(expected, LAST_OLD_COLUMN));
                assertThat(column(actual, "feature_percentile")).as("feature_percentile").containsOnly("");
                assertThat(column(actual, "atypical")).as("atypical").containsOnly("false");
            } else {
                assertThat(actual).as(t).isEqualTo(expected);
            }
        }
    }

    /** images.csv's last column at commit 15b5067. */
    static final String LAST_OLD_COLUMN = "detector_votes";

    /** The table's columns up to and including {@code last}. */
    static String columns(String table, String last) {
        String[] lines = table.split("\n");
        int n = java.util.List.of(lines[0].split(",", -1)).indexOf(last) + 1;
        assertThat(n).as("column " + last).isPositive();
        StringBuilder b = new StringBuilder();
        for (String line : lines) b.append(String.join(",", java.util.Arrays.copyOf(line.split(",", -1), n))).append('\n');
        return b.toString();
    }

    static java.util.Set<String> column(String table, String name) {
        String[] lines = table.split("\n");
        int k = java.util.List.of(lines[0].split(",", -1)).indexOf(name);
        assertThat(k).as("column " + name).isNotNegative();
        java.util.Set<String> values = new java.util.HashSet<>();
        for (int i = 1; i < lines.length; i++) values.add(lines[i].split(",", -1)[k]);
        return values;
    }
}
