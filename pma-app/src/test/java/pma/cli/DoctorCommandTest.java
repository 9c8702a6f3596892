package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.engine.Engines;

/** {@code pma doctor} and {@code --device}: what pma runs on, and a GPU asked for where there is none. */
@Tag("engine")
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void doctorNamesTheEngineBuildPmaShipsWith() {
        Pma c = Pma.run("doctor");
        assertThat(c.code()).as(c.err()).isZero();
        // pma-dl depends on ai.djl.pytorch:pytorch-native-cpu 2.7.1 (linux-x86_64) through DJL 0.36.0.
        assertThat(c.out()).containsPattern("(?m)^djl +0\\.36\\.0$")
                .containsPattern("(?m)^libtorch +2\\.7\\.1-\\d+, cpu build \\(linux-x86_64\\)$")
                .containsPattern("(?m)^engine +PyTorch 2\\.7\\.1 loaded$")
                .containsPattern("(?m)^java +" + java.util.regex.Pattern.quote(System.getProperty("java.runtime.version")) + " ")
                .containsPattern("(?m)^devices +\\d+ GPU\\(s\\); training runs on ")
                .containsPattern("(?m)^OMP_WAIT_POLICY +\\S+$");
    }

    @Test
    void aGpuAskedForWhereNoneIsFoundStopsBeforeAnythingIsWritten() throws IOException {
        assumeTrue(Engines.init().getGpuCount() == 0, "this machine has a GPU");
        Path data = Fixtures.dataset(dir.resolve("data"), 8, 1, 16);
        Path ledger = dir.resolve("l.duckdb");
        Pma c = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--device", "gpu");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --device gpu: the engine finds no GPU (PyTorch native build: cpu); "
                + "see docs/gpu.md, or pma doctor");
        assertThat(c.err().lines().filter(l -> !l.isBlank())).hasSize(1);
        assertThat(ledger).doesNotExist();
        assertThat(ledger.resolveSibling("l.duckdb.lock")).doesNotExist();
    }

    @Test
    void badDeviceValuesAreOneLine() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 8, 1, 16);
        Path ledger = dir.resolve("l.duckdb");
        Pma c = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--device", "tpu");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --device must be cpu, gpu or auto, got tpu");
        Pma spark = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--device", "gpu", "--executor", "spark");
        assertThat(spark.code()).isEqualTo(2);
        assertThat(spark.errorLine()).isEqualTo("pma: error: --device applies to --executor local; "
                + "on Spark ask the cluster for GPUs (docs/gpu.md)");
        assertThat(ledger).doesNotExist();
    }
}
