package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;

/**
 * A ledger written by an earlier pma, on DuckDB 1.4.4, still opens and analyzes to the same tables.
 * The ledger (src/test/resources/ledgers/duckdb-1.4.4.duckdb.gz) is the pinned run of
 * {@link PinnedOutputsTest}, written with its commands by pma at commit 15b5067 (schema version 2,
 * the configuration stored as flat JSON), so its tables are the ones pinned then, kept beside it in
 * ledgers/duckdb-1.4.4/ (the pinned run itself moved with the channels-last kernels of commit 6d9185f). Before any upgrade of
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
            String expected = resource(t), actual = PinnedOutputsTest.table(out, t);
            if (t.equals("images.csv")) {
                // The triage columns came later (schema 3): compare the 30 columns pma wrote then, and see
                // that an old ledger, which holds no feature distances, marks no image atypical. Without
                // neighbours rank follows sla_group alone (numbers checked with numpy when pinned), so
                // rank and suspicion are compared with their own table and left out of the others, as is
                // suspect (its cut), which came later still.
                List<String> own = List.of("rank", "suspicion", "suspect");
                assertThat(columns(actual, LAST_OLD_COLUMN, own)).as(t).isEqualTo(columns(expected, LAST_OLD_COLUMN, own));
                assertThat(select(actual, List.of("image", "rank", "suspicion")))
                        .isEqualTo(resource("rank-without-neighbours.csv"));
                // The cut is a prefix of rank holding at least confident learning's count of label issues
                // (more only where a patient group ties at the boundary).
                List<String> rank = cells(actual, "rank"), suspect = cells(actual, "suspect");
                long cut = suspect.stream().filter("true"::equals).count();
                long issues = cells(actual, "cl_label_issue").stream().filter("true"::equals).count();
                assertThat(cut).isGreaterThanOrEqualTo(issues).isPositive();
                for (int i = 0; i < rank.size(); i++) {
                    assertThat(suspect.get(i)).as("suspect, rank " + rank.get(i))
                            .isEqualTo(Integer.parseInt(rank.get(i)) <= cut ? "true" : "false");
                }
                assertThat(column(actual, "feature_percentile")).as("feature_percentile").containsOnly("");
                assertThat(column(actual, "atypical")).as("atypical").containsOnly("false");
            } else {
                assertThat(actual).as(t).isEqualTo(expected);
            }
        }
    }

    /** The tables this ledger analyzed to when it was pinned. */
    static String resource(String name) throws IOException {
        try (var in = OldLedgerTest.class.getResourceAsStream("/ledgers/duckdb-1.4.4/" + name)) {
            assertThat(in).as("ledgers/duckdb-1.4.4/" + name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** images.csv's last column at commit 15b5067. */
    static final String LAST_OLD_COLUMN = "detector_votes";

    /** The table's columns up to and including {@code last}, without those named in {@code except}. */
    static String columns(String table, String last, List<String> except) {
        List<String> header = List.of(table.split("\n")[0].split(",", -1));
        int n = header.indexOf(last) + 1;
        assertThat(n).as("column " + last).isPositive();
        return select(table, header.subList(0, n).stream().filter(c -> !except.contains(c)).toList());
    }

    /** The named columns of the table, in the order named. */
    static String select(String table, List<String> names) {
        String[] lines = table.split("\n");
        List<String> header = List.of(lines[0].split(",", -1));
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            b.append(String.join(",", names.stream().map(c -> cells[header.indexOf(c)]).toList())).append('\n');
        }
        return b.toString();
    }

    /** The distinct values of a column. */
    static java.util.Set<String> column(String table, String name) {
        return new java.util.HashSet<>(cells(table, name));
    }

    /** A column's cells, row by row. */
    static List<String> cells(String table, String name) {
        String[] lines = table.split("\n");
        int k = java.util.List.of(lines[0].split(",", -1)).indexOf(name);
        assertThat(k).as("column " + name).isNotNegative();
        List<String> values = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) values.add(lines[i].split(",", -1)[k]);
        return values;
    }
}
