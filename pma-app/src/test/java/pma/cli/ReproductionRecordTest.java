package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.ledger.ExperimentInfo;
import pma.ledger.Ledger;

/**
 * A new ledger records what reproduces its experiment (pma version and commit, DJL and libtorch
 * versions, device, threads per task, worker processes, CPU instruction set), and {@code pma analyze}
 * and {@code pma report} show it. Each expected value comes from elsewhere than the code under test:
 * the commit from git, the DJL version from its jar's file name, the libtorch version from the
 * native build's properties, the device from the engine's GPU count, threads and workers from the
 * command line.
 */
@Tag("engine")
class ReproductionRecordTest {
    @TempDir
    Path dir;

    @Test
    void aNewLedgerRecordsWhatReproducesItAndTheSummariesShowIt() throws Exception {
        String commit = git("rev-parse", "HEAD");
        assumeThat(commit).as("a git checkout").isNotEmpty();
        String djl = djlJarVersion();
        String libtorch = nativeBuild().getProperty("version").replaceFirst("-.*", "");
        String device = Engine.getEngine("PyTorch").getGpuCount() > 0 ? "gpu(0)" : "cpu()";

        Path data = dir.resolve("data");
        assertThat(Pma.run("synth", "--out", data.toString(), "--seed", "3", "--nodules", "40", "--size", "16").code()).isZero();
        Path ledger = dir.resolve("l.duckdb");
        String before = System.getProperty("pma.commit");
        System.setProperty("pma.commit", commit); // what bin/pma passes
        Pma run;
        try {
            run = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--models", "quick_cnn", "--size", "16",
                    "--epochs", "1", "--patience", "1", "--batch", "8", "--folds", "2", "--repeats", "1", "--threads", "1",
                    "--workers", "1");
        } finally {
            if (before == null) System.clearProperty("pma.commit");
            else System.setProperty("pma.commit", before);
        }
        assertThat(run.code()).as(run.err()).isZero();

        ExperimentInfo info = Ledger.open(ledger).experiment();
        assertThat(info.codeVersion()).isEqualTo("dev"); // run from classes: no jar manifest
        assertThat(info.commit()).isEqualTo(commit);
        assertThat(info.djlVersion()).isEqualTo(djl);
        assertThat(info.libtorchVersion()).isEqualTo(libtorch);
        assertThat(info.device()).isEqualTo(device);
        assertThat(info.threadsPerTask()).isEqualTo("1");
        assertThat(info.workers()).isEqualTo("1");
        assertThat(info.cpu()).matches("avx2 \\(pinned\\)|native (avx512|avx2|older)");

        Pma analyze = Pma.run("analyze", ledger.toString(), "--out", dir.resolve("out").toString());
        assertThat(analyze.code()).as(analyze.err()).isZero();
        assertThat(analyze.out()).contains("experiment ran with pma version dev, pma commit " + commit + ", DJL " + djl
                + ", libtorch " + libtorch + ", device " + device + ", threads per task 1, worker processes 1, "
                + "CPU instruction set " + info.cpu());

        // A resume built from another commit warns and keeps what the ledger's tasks ran with.
        System.setProperty("pma.commit", "0000000");
        Pma resume;
        try {
            resume = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--resume", "--threads", "1", "--workers", "1");
        } finally {
            if (before == null) System.clearProperty("pma.commit");
            else System.setProperty("pma.commit", before);
        }
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.err()).contains("its first run recorded pma_commit " + commit + ", this one runs with 0000000");
        assertThat(Ledger.open(ledger).experiment().commit()).isEqualTo(commit);

        Pma report = Pma.run("report", ledger.toString(), "--out", dir.resolve("rep").toString());
        assertThat(report.code()).as(report.err()).isZero();
        String html = Files.readString(dir.resolve("rep/report.html"));
        assertThat(html).contains("<tr><th>pma commit (experiment)</th><td>" + commit + "</td></tr>")
                .contains("<tr><th>DJL (experiment)</th><td>" + djl + "</td></tr>")
                .contains("<tr><th>libtorch (experiment)</th><td>" + libtorch + "</td></tr>")
                .contains("<tr><th>device (experiment)</th><td>" + device + "</td></tr>")
                .contains("<tr><th>threads per task (experiment)</th><td>1</td></tr>")
                .contains("<tr><th>worker processes (experiment)</th><td>1</td></tr>");
    }

    /** The version in the file name of the jar DJL's API classes come from ({@code api-0.33.0.jar}). */
    private static String djlJarVersion() {
        String jar = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
        Matcher m = Pattern.compile("api-(.+)\\.jar").matcher(jar);
        assertThat(m.matches()).as(jar).isTrue();
        return m.group(1);
    }

    /** The properties the libtorch native build on the class path carries ({@code version=2.7.1-20250812}). */
    private static Properties nativeBuild() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ReproductionRecordTest.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            assertThat(in).as("the libtorch native build on the class path").isNotNull();
            p.load(in);
        }
        return p;
    }

    private static String git(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return ""; // no git
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : "";
    }
}
