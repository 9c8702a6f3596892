package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.ledger.Ledger;
import pma.split.Role;

/** The training options of pma run are checked before anything is written. */
@Tag("engine")
class TrainingOptionsCliTest {
    @TempDir
    Path dir;

    private Pma run(String... extra) throws Exception {
        Path data = Files.exists(dir.resolve("data")) ? dir.resolve("data") : Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        String[] args = new String[5 + extra.length];
        args[0] = "run";
        args[1] = data.toString();
        args[2] = "--ledger";
        args[3] = dir.resolve("l.duckdb").toString();
        args[4] = "--size=16";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return Pma.run(args);
    }

    @Test
    void badTrainingOptionsAreOneLineErrorsAndWriteNothing() throws Exception {
        assertThat(run("--lr-schedule", "warm").errorLine())
                .isEqualTo("pma: error: --lr-schedule must be fixed, cosine or step, got warm");
        assertThat(run("--weights", "gone-0000.params", "--models", "quick_cnn").errorLine())
                .isEqualTo("pma: error: --weights: file not found: gone-0000.params");
        Path w = Files.createFile(dir.resolve("w-0000.params"));
        assertThat(run("--weights", w.toString()).errorLine()).isEqualTo("pma: error: --weights " + w
                + ": say which model it is for (MODEL=FILE) when several run");
        assertThat(run("--weights", "cnn1=" + w, "--models", "quick_cnn").errorLine())
                .isEqualTo("pma: error: --weights names model cnn1, which is not among --models");
        assertThat(run("--weight-decay", "2").errorLine()).isEqualTo("pma: error: --weight-decay must be in [0, 1), got 2.0");
        assertThat(dir.resolve("l.duckdb")).doesNotExist();
    }

    @Test
    void featureDistancesAreOnePerTestPredictionAndNoneWhenSwitchedOff() throws Exception {
        String[] small = {"--models", "quick_cnn", "--repeats", "1", "--epochs", "1", "--cams", "none"};
        assertThat(run(small).code()).isZero();
        {
            Ledger l = Ledger.open(dir.resolve("l.duckdb"));
            // 24 patients x 2 views; 5-fold, one repeat: each of the 48 images is tested once, so one distance each.
            assertThat(l.predictions(Role.TEST).values().stream().mapToInt(java.util.List::size).sum()).isEqualTo(48);
            assertThat(l.featureDistances().values().stream().mapToInt(java.util.Map::size).sum()).isEqualTo(48);
        }
        Files.delete(dir.resolve("l.duckdb"));
        String[] off = java.util.Arrays.copyOf(small, small.length + 1);
        off[small.length] = "--no-feature-distances";
        assertThat(run(off).code()).isZero();
        {
            Ledger l = Ledger.open(dir.resolve("l.duckdb"));
            assertThat(l.predictions(Role.TEST).values().stream().mapToInt(java.util.List::size).sum()).isEqualTo(48);
            assertThat(l.featureDistances()).isEmpty();
            assertThat(l.config().training().featureDistances()).isFalse();
        }
    }
}
