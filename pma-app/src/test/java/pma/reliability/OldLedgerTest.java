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
            assertThat(PinnedOutputsTest.table(out, t)).as(t).isEqualTo(PinnedOutputsTest.resource(t));
        }
    }
}
