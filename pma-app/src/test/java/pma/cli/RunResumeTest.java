package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.experiment.Task;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;

/** A run killed with SIGKILL and resumed records every task exactly once; same seed, same tables. */
class RunResumeTest {
    @TempDir
    Path dir;

    static final List<String> TINY = List.of("--models", "quick_cnn", "--size", "16", "--epochs", "2", "--patience", "1",
            "--batch", "16");

    private Path data() throws IOException {
        return Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
    }

    @Test
    void killedRunResumesWithEveryTaskOnce() throws Exception {
        Path data = data();
        Path ledger = dir.resolve("l.duckdb");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "pma.cli.Main", "run",
                data.toString(), "--ledger", ledger.toString(), "--repeats", "4"));
        cmd.addAll(TINY);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        int seen = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(ledger)) {
                try {
                    seen = Ledger.open(ledger).finishedTasks().size();
                } catch (RuntimeException busy) {
                    // the child is mid-write or mid-create; look again
                }
                if (seen >= 2) break;
            }
            Thread.sleep(50);
        }
        assertThat(p.isAlive()).as("child still running when killed; log:%n%s", Files.readString(dir.resolve("child.log"))).isTrue();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        int beforeResume = Ledger.open(ledger).finishedTasks().size();
        assertThat(beforeResume).isBetween(2, 19);

        List<String> resume = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--resume"));
        Cli c = Cli.run(resume.toArray(String[]::new));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains((20 - beforeResume) + " of 20 tasks trained now, " + beforeResume + " were already done");

        List<RunRecord> runs = Ledger.open(ledger).runs("");
        assertThat(runs).hasSize(20);
        assertThat(runs.stream().map(r -> new Task(r.model(), r.iteration(), r.exclusion())).distinct()).hasSize(20);
        int predictions = Ledger.open(ledger).read(conn -> {
            try (var s = conn.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM prediction WHERE role = 'test'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(predictions).as("each of 4 repeats tests all 48 images once").isEqualTo(4 * 48);
    }

    @Test
    void sameSeedGivesIdenticalImagesCsv() throws Exception {
        Path data = data();
        byte[][] tables = new byte[2][];
        for (int k = 0; k < 2; k++) {
            Path ledger = dir.resolve("l" + k + ".duckdb");
            List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--repeats", "1"));
            args.addAll(TINY);
            assertThat(Cli.run(args.toArray(String[]::new)).code()).isZero();
            Path out = dir.resolve("out" + k);
            Cli a = Cli.run("analyze", ledger.toString(), "--out", out.toString());
            assertThat(a.code()).as(a.err()).isZero();
            tables[k] = Files.readAllBytes(out.resolve("images.csv"));
        }
        assertThat(tables[1]).isEqualTo(tables[0]);
        assertThat(new String(tables[0]).lines().count()).isEqualTo(49);
    }

    static String cp() {
        return System.getProperty("java.class.path").replace(File.pathSeparator, "\n");
    }
}
