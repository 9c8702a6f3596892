package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.ledger.Ledger;

@Tag("engine")
class UntilDecidedTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void synth() {
        data = dir.resolve("data");
        Pma s = Pma.run("synth", "--out", data.toString(), "--seed", "3", "--nodules", "40", "--size", "16");
        assertThat(s.code()).as(s.err()).isZero();
    }

    static Pma run(Path ledger, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", data.toString(), "--ledger", ledger.toString(),
                "--models", "quick_cnn", "--size", "16", "--epochs", "1", "--patience", "1", "--seed", "5",
                "--threads", "1", "--cams", "none"));
        args.addAll(java.util.List.of(more));
        return Pma.run(args);
    }

    @Test
    void addsRepeatsUntilDecidedOrTheCapAndPlansAsAFixedRunWould() {
        Path grown = dir.resolve("grown.duckdb");
        Pma p = run(grown, "--folds", "3", "--repeats", "1", "--until-decided", "--max-repeats", "3");
        assertThat(p.code()).as(p.err()).isZero();
        // One line per round, repeats counting up from 1 by one.
        Matcher m = Pattern.compile("(\\d+) repeats \\((\\d+) tasks\\): \\d+ flagged at θ = [0-9.]+, (\\d+) undecided").matcher(p.out());
        int rounds = 0, lastRepeats = 0, lastUndecided = -1;
        while (m.find()) {
            rounds++;
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(rounds);
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(3 * rounds); // one model, 3 folds a repeat
            lastRepeats = rounds;
            lastUndecided = Integer.parseInt(m.group(3));
        }
        assertThat(rounds).isBetween(1, 3);
        // It stops only when nothing is undecided, or at the cap.
        boolean settled = p.out().contains(" by rank settled (");
        assertThat(lastUndecided == 0 || settled || lastRepeats == 3).isTrue();
        if (lastUndecided == 0) assertThat(p.out()).contains("every flag decided");
        else if (!settled) assertThat(p.out()).contains("stopped at --max-repeats with " + lastUndecided + " undecided");
        if (settled) assertThat(lastRepeats).as("a ranking settles against the repeat before it").isGreaterThan(1);

        // The grown ledger holds the plan a fixed run with that many repeats draws, and its configuration says so.
        Path fixed = dir.resolve("fixed.duckdb");
        Pma f = run(fixed, "--folds", "3", "--repeats", Integer.toString(lastRepeats));
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(Ledger.open(grown).splits()).isEqualTo(Ledger.open(fixed).splits());
        assertThat(Ledger.open(grown).config()).isEqualTo(Ledger.open(fixed).config());
        assertThat(Ledger.open(grown).runs(null)).hasSize(3 * lastRepeats);
    }

    @Test
    void refusesWhatCannotGrow() {
        Pma mc = run(dir.resolve("mc.duckdb"), "--scheme", "montecarlo", "--iterations", "3", "--until-decided");
        assertThat(mc.code()).isEqualTo(2);
        assertThat(mc.err()).contains("--until-decided adds K-fold repeats: it needs --scheme kfold");
        Pma below = run(dir.resolve("below.duckdb"), "--folds", "3", "--repeats", "4", "--until-decided", "--max-repeats", "2");
        assertThat(below.code()).isEqualTo(2);
        assertThat(below.err()).contains("--max-repeats 2 is below the 4 repeats to start with");
        Pma alone = run(dir.resolve("alone.duckdb"), "--folds", "3", "--repeats", "1", "--max-repeats", "2");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("--max-repeats needs --until-decided");
        for (String name : new String[] {"mc.duckdb", "below.duckdb", "alone.duckdb"}) assertThat(dir.resolve(name)).doesNotExist();
    }
}
