package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.ledger.Ledger;
import pma.ledger.LedgerSql;

/**
 * {@code --precision bf16}: the convolutions compute with bfloat16 inputs in worker processes started
 * with oneDNN's bf16 math mode, on CPUs that have bfloat16 instructions; elsewhere it is refused.
 */
@Tag("engine")
class PrecisionTest {
    @TempDir
    Path dir;

    /** The CPU's bfloat16 instructions, read here from /proc/cpuinfo as the kernel reports them. */
    private static boolean cpuHasBf16() throws Exception {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) return false;
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("flags")) {
                Set<String> flags = Set.of(line.split(":", 2)[1].trim().split("\\s+"));
                return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
            }
        }
        return false;
    }

    @Test
    void bf16TrainsOtherBitsReproduciblyOrIsRefused() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        List<String> common = List.of("run", data.toString(), "--models", "quick_cnn", "--size", "16", "--folds", "2",
                "--repeats", "1", "--epochs", "2", "--patience", "2", "--batch", "8", "--threads", "1");
        if (!cpuHasBf16()) {
            Path ledger = dir.resolve("refused.duckdb");
            Pma c = Pma.run(common, "--ledger", ledger.toString(), "--precision", "bf16");
            assertThat(c.code()).isEqualTo(2);
            assertThat(c.errorLine()).isEqualTo(
                    "pma: error: --precision bf16 needs a CPU with AVX-512 BF16 or AMX; this one has neither (/proc/cpuinfo)");
            assertThat(ledger).doesNotExist();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> variants = List.of(List.of("--precision", "fp32", "--workers", "1"),
                List.of("--precision", "bf16", "--workers", "1"), List.of("--precision", "bf16", "--workers", "2"));
        for (int k = 0; k < variants.size(); k++) {
            Path ledger = dir.resolve("p" + k + ".duckdb");
            List<String> args = new ArrayList<>(common);
            args.addAll(List.of("--ledger", ledger.toString()));
            args.addAll(variants.get(k));
            Pma c = Pma.run(args.toArray(String[]::new));
            assertThat(c.code()).as(c.err()).isZero();
            // fp32 trains in this process; bf16 needs a process started in bf16 math, even for one worker.
            assertThat(c.err().contains("worker processes")).isEqualTo(k > 0);
            assertThat(Ledger.open(ledger).config().training().precision().code()).isEqualTo(variants.get(k).get(1));
            rows.add(LedgerSql.read(ledger, conn -> {
                List<String> out = new ArrayList<>();
                try (var s = conn.createStatement(); var rs = s.executeQuery("SELECT r.iteration, p.image, p.probability"
                        + " FROM prediction p JOIN run r USING (run_id) ORDER BY r.iteration, p.role, p.image")) {
                    while (rs.next()) out.add(rs.getInt(1) + "," + rs.getInt(2) + "," + rs.getDouble(3));
                }
                return out;
            }));
        }
        assertThat(rows.get(0)).hasSameSizeAs(rows.get(1)).isNotEqualTo(rows.get(1));
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("report" + k);
            Pma report = Pma.run("report", dir.resolve("p" + k + ".duckdb").toString(), "--out", out.toString());
            assertThat(report.code()).as(report.err()).isZero();
            assertThat(Files.readString(out.resolve("report.html")).contains("convolutions in bf16")).isEqualTo(k == 1);
        }
        assertThat(rows.get(2)).as("bf16 is as reproducible as fp32").containsExactlyElementsOf(rows.get(1));
    }

    @Test
    void otherPrecisionsAreRefused() {
        Path ledger = dir.resolve("l.duckdb");
        Pma c = Pma.run("run", dir.resolve("nothing").toString(), "--ledger", ledger.toString(), "--precision", "fp16");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --precision must be fp32 or bf16, got fp16");
        assertThat(ledger).doesNotExist();
    }
}
