package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriageScoreTest {
    static Triage t(int i, boolean flagged, Reason... reasons) {
        EnumSet<Reason> r = EnumSet.noneOf(Reason.class);
        r.addAll(List.of(reasons));
        double n = Double.NaN;
        return new Triage(i, "img" + i, flagged, r, new Triage.Evidence(n, n, n, n, n, "", n, n));
    }

    @Test
    void countsEachPlantedKindByReasonOverAllAndOverFlaggedImages() {
        List<Triage> triage = List.of(
                t(0, true, Reason.LABEL_ISSUE),
                t(1, true, Reason.LABEL_ISSUE, Reason.AMBIGUOUS),
                t(2, false),
                t(3, true, Reason.OFF_LESION),
                t(4, false, Reason.ATYPICAL));
        Map<String, Set<String>> truth = Map.of("img0", Set.of("label_flip"), "img1", Set.of("label_flip"),
                "img2", Set.of("label_flip", "dark_gain"), "img3", Set.of("shortcut_artifact"));
        List<TriageScore.Row> rows = TriageScore.confusion(triage, truth);
        // Kinds sorted, then none; all images first, then flagged ones.
        assertThat(rows).extracting(r -> r.scope() + "/" + r.plantedKind()).containsExactly("all/dark_gain",
                "all/label_flip", "all/shortcut_artifact", "all/none", "flagged/dark_gain", "flagged/label_flip",
                "flagged/shortcut_artifact", "flagged/none");
        TriageScore.Row flips = rows.get(1);
        assertThat(flips.images()).isEqualTo(3);
        assertThat(flips.counts()).containsExactly(2, 1, 0, 0, 0); // label_issue, ambiguous, atypical, duplicate, off_lesion
        assertThat(flips.noReason()).isEqualTo(1);
        assertThat(rows.get(3).images()).isEqualTo(1); // image 4
        assertThat(rows.get(3).counts()).containsExactly(0, 0, 1, 0, 0);
        assertThat(rows.get(4).images()).isZero(); // image 2 is not flagged
        assertThat(rows.get(6).counts()).containsExactly(0, 0, 0, 0, 1);
        assertThat(TriageScore.table(rows).size()).isEqualTo(8);
    }
}
