package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.ledger.ExperimentInfo;
import pma.ledger.Ledger;
import pma.report.Sections.ReasonRow;
import pma.report.Sections.TriageRow;
import pma.report.Sections.TriageSection;
import pma.review.SampleLedger;
import pma.triage.Reason;
import pma.triage.Triage;
import pma.triage.Triages;

/**
 * The report's triage section over SampleLedger's 40 images (images 3, 10 and 17 wrong in every run,
 * so flagged) with reasons given by hand: image 3 a label issue and a duplicate conflict, image 10
 * ambiguous, image 17 none, and unflagged image 0 a label issue.
 */
class TriageSectionTest {
    @TempDir
    Path dir;

    @Test
    void countsEachReasonAmongTheFlaggedAndInAllAndListsTheFlagged() throws Exception {
        Ledger ledger = SampleLedger.create(dir.resolve("ledger"));
        AnalysisResult a = Analysis.of(ledger, AnalysisOptions.defaults());
        Map<Integer, Set<Reason>> given = Map.of(3, EnumSet.of(Reason.LABEL_ISSUE, Reason.DUPLICATE_CONFLICT),
                10, EnumSet.of(Reason.AMBIGUOUS), 0, EnumSet.of(Reason.LABEL_ISSUE));
        List<Triage> images = new ArrayList<>();
        for (int i = 0; i < a.images().size(); i++) {
            images.add(new Triage(i, a.images().get(i).image().id(), a.images().get(i).flagged(),
                    given.getOrDefault(i, Set.of()), new Triage.Evidence(0, 0, 0, 0, Double.NaN, "", 0, 0)));
        }
        Triages.Result t = new Triages.Result(images, 0, 0, 0, "gradcam/predicted", List.of("no masks: off_lesion not judged"), false);

        TriageSection s = HtmlReport.triage(a, t);
        assertThat(s.flagged()).isEqualTo(3);
        assertThat(s.withoutReason()).isEqualTo(1); // image 17
        assertThat(s.reasons()).extracting(ReasonRow::code, ReasonRow::flagged, ReasonRow::all).containsExactly(
                org.assertj.core.groups.Tuple.tuple("label_issue", 1, 2),
                org.assertj.core.groups.Tuple.tuple("ambiguous", 1, 1),
                org.assertj.core.groups.Tuple.tuple("atypical", 0, 0),
                org.assertj.core.groups.Tuple.tuple("duplicate_conflict", 1, 1),
                org.assertj.core.groups.Tuple.tuple("off_lesion", 0, 0));
        assertThat(s.rows()).extracting(TriageRow::id, TriageRow::reasons).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("images/p003_0.png", "label_issue, duplicate_conflict"),
                org.assertj.core.groups.Tuple.tuple("images/p010_0.png", "ambiguous"),
                org.assertj.core.groups.Tuple.tuple("images/p017_0.png", ""));
        assertThat(s.rows()).extracting(TriageRow::f).containsOnly("1.000");
        assertThat(s.notes()).containsExactly("no masks: off_lesion not judged");

        // And the section is in the page, with its table.
        String html = HtmlReport.render(new HtmlReport.Inputs(a, Map.of(), List.of(), "", "", Overlays.of(null),
                ExperimentInfo.NONE, t));
        assertThat(html).contains("<section id=\"triage\">").contains("<td><code>duplicate_conflict</code></td>")
                .contains("no masks: off_lesion not judged");
    }
}
