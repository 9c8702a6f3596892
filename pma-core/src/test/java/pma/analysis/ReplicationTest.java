package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --replicate-authors}: thresholds chosen on the test set and Table 1 over the best runs. */
class ReplicationTest {
    @TempDir
    Path dir;

    static final int[] TARGETS = {0, 0, 0, 1, 1, 1};
    // Perfectly ordered scores, but the recorded (validation) threshold 0.5 misses positives 3 and 4.
    static final double[] SCORES = {0.1, 0.2, 0.3, 0.35, 0.4, 0.9};
    static final double[] RECORDED_AUC = {0.6, 0.9, 0.8};

    static AnalysisResult analyse(boolean replicate, int topRuns) {
        List<RunData> runs = new ArrayList<>();
        for (int it = 0; it < 3; it++) {
            runs.add(HandMade.run(it + 1, "a", it, "", RECORDED_AUC[it], 0.5, TARGETS, HandMade.all(6), SCORES));
        }
        AnalysisOptions o = new AnalysisOptions(0.9, 0.05, 0.5, 0.5, AnalysisOptions.AUTO, FlagRule.POOLED,
                AnalysisOptions.AUTO, true, AnalysisOptions.AUTO, replicate, topRuns);
        return Analysis.of(HandMade.dataset(TARGETS), HandMade.config("a"), runs, o);
    }

    @Test
    void honestAnalysisKeepsTheRecordedThreshold() {
        AnalysisResult a = analyse(false, AnalysisOptions.AUTO);
        assertThat(a.images().get(3).pooled().errors()).isEqualTo(3);
        assertThat(a.images().get(4).pooled().falseNegatives()).isEqualTo(3);
        assertThat(a.flagged()).extracting(s -> s.image().id()).containsExactly("img3", "img4");
        assertThat(a.options().replicationOnly()).isFalse();
        assertThat(a.aucByModel().get("a").n()).isEqualTo(3);
    }

    /*
     * G-mean on the test set: at threshold 0.35 every positive is above and every negative below,
     * TPR = TNR = 1, the unique maximum of sqrt(TPR * TNR). Predictions become 0,0,0,1,1,1: no errors.
     */
    @Test
    void thresholdOnTheTestSetHidesTheErrors() {
        AnalysisResult a = analyse(true, 0);
        assertThat(a.runs()).allSatisfy(r -> assertThat(r.run().threshold()).isEqualTo(0.35));
        assertThat(a.runs().get(0).test()).extracting(p -> p.predicted()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(a.images()).allSatisfy(s -> assertThat(s.pooled().errors()).isZero());
        assertThat(a.flagged()).isEmpty();
        assertThat(a.options().replicationOnly()).isTrue();
    }

    @Test
    void tableOneOverTheBestRuns() {
        assertThat(analyse(true, AnalysisOptions.AUTO).options().topRuns()).isEqualTo(10);
        assertThat(analyse(true, AnalysisOptions.AUTO).aucByModel().get("a").mean()).isCloseTo(2.3 / 3, within(1e-12));
        var top2 = analyse(true, 2).aucByModel().get("a");
        assertThat(top2.n()).isEqualTo(2);
        assertThat(top2.mean()).isCloseTo(0.85, within(1e-12)); // best two of 0.6, 0.9, 0.8
        assertThat(top2.min()).isEqualTo(0.8);
        // --top-runs alone: Table 1 changes, thresholds do not.
        AnalysisResult topOnly = analyse(false, 2);
        assertThat(topOnly.aucByModel().get("a").mean()).isCloseTo(0.85, within(1e-12));
        assertThat(topOnly.images().get(3).pooled().errors()).isEqualTo(3);
        assertThat(topOnly.options().replicationOnly()).isTrue();
    }

    @Test
    void outputsSayTheModeIsForReplicationOnly() throws Exception {
        AnalysisWriter.write(analyse(true, 2), dir);
        assertThat(Files.readString(dir.resolve(AnalysisWriter.REPLICATION_NOTE))).startsWith("FOR REPLICATION ONLY: ")
                .contains("chosen by G-mean on its own test set").contains("only each model's 2 runs with the highest test AUC");
        assertThat(Files.readAllLines(dir.resolve("auc.csv")).get(1)).endsWith(",top 2 by test AUC (replication only)");
        assertThat(Files.readAllLines(dir.resolve("runs.csv")).get(1)).contains(",0.35,");
        AnalysisWriter.write(analyse(false, AnalysisOptions.AUTO), dir);
        assertThat(dir.resolve(AnalysisWriter.REPLICATION_NOTE)).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("auc.csv")).get(1)).endsWith(",all");
    }
}
