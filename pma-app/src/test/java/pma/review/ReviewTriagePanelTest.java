package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import pma.analysis.ImageStats;
import pma.triage.Reason;
import pma.triage.Triage;
import pma.triage.Triages;

/**
 * The image page's triage panel for the reasons the sample ledgers cannot produce (no feature
 * distances, no masks), from hand-made evidence.
 */
class ReviewTriagePanelTest {
    static final double NAN = Double.NaN;

    @Test
    void atypicalAndOffLesionGiveTheirFiguresAndCuts() {
        ImageStats s = ReviewQueueTest.analysis().images().get(0);
        // Percentile 0.934; lesion focus 0.12 of a lesion covering 0.30 of the image: lift 0.12 / 0.30 = 0.40.
        Triage t = new Triage(0, "img0", true, EnumSet.of(Reason.ATYPICAL, Reason.OFF_LESION),
                new Triage.Evidence(NAN, NAN, 0.3, 0.01, 0.934, "", 0.12, 0.30));
        Triages.Result result = new Triages.Result(List.of(t), 0.1, 0.05, 0.85, "gradcam/predicted", List.of(), false);

        ReviewPages.TriagePanel panel = ReviewPages.triagePanel(t, result, s, 0, "malignant", null);
        assertThat(panel.shown()).isTrue();
        assertThat(panel.reasons()).extracting(ReviewPages.ReasonLine::code).containsExactly("atypical", "off_lesion");
        ReviewPages.ReasonLine atypical = panel.reasons().get(0);
        assertThat(atypical.label()).isEqualTo("atypical");
        assertThat(atypical.evidence()).startsWith("Feature-distance percentile 0.93: ").endsWith(" than 93% of the images "
                + "tested alongside it.");
        assertThat(atypical.rule()).isEqualTo("Percentile at least 0.90.");
        ReviewPages.ReasonLine lesion = panel.reasons().get(1);
        assertThat(lesion.label()).isEqualTo("off lesion");
        assertThat(lesion.evidence()).startsWith("Lesion focus 0.12 ").contains(" against 0.30 for a uniform map")
                .endsWith("lift 0.40.");
        assertThat(lesion.rule()).startsWith("Lift below 0.85 ").contains("gradcam/predicted");
        assertThat(lesion.link()).isNull();
    }

    @Test
    void aDuplicateOutsideTheLedgerIsNamedWithoutALink() {
        ImageStats s = ReviewQueueTest.analysis().images().get(0);
        Triage t = new Triage(0, "img0", true, EnumSet.of(Reason.DUPLICATE_CONFLICT),
                new Triage.Evidence(NAN, NAN, NAN, NAN, NAN, "other/x.png", NAN, NAN));
        Triages.Result result = new Triages.Result(List.of(t), 0.1, 0.05, NAN, "", List.of(), false);
        ReviewPages.ReasonLine line = ReviewPages.triagePanel(t, result, s, 0, "malignant", null).reasons().get(0);
        assertThat(line.evidence()).isEqualTo("A near-duplicate is labelled otherwise, this image benign:");
        assertThat(line.link().id()).isEqualTo("other/x.png");
        assertThat(line.link().href()).isNull();
    }

    @Test
    void onlyAFlaggedImageWithoutReasonsShowsThePanel() {
        ImageStats s = ReviewQueueTest.analysis().images().get(0);
        Triage.Evidence none = new Triage.Evidence(NAN, NAN, NAN, NAN, NAN, "", NAN, NAN);
        Triages.Result result = new Triages.Result(List.of(), 0.1, 0.05, NAN, "", List.of("no maps"), false);
        ReviewPages.TriagePanel flagged = ReviewPages.triagePanel(new Triage(0, "img0", true, EnumSet.noneOf(Reason.class),
                none), result, s, 0, "malignant", null);
        assertThat(flagged.shown()).isTrue();
        assertThat(flagged.reasons()).isEmpty();
        assertThat(flagged.notes()).containsExactly("no maps");
        assertThat(ReviewPages.triagePanel(new Triage(0, "img0", false, EnumSet.noneOf(Reason.class), none), result, s, 0,
                "malignant", null).shown()).isFalse();
    }

    @Test
    void aLabelIssueByTheStackedViewsSaysSo() {
        ImageStats s = ReviewQueueTest.analysis().images().get(0);
        Triage t = new Triage(0, "img0", true, EnumSet.of(Reason.LABEL_ISSUE),
                new Triage.Evidence(0.912, 0.876, NAN, NAN, NAN, "", NAN, NAN));
        Triages.Result result = new Triages.Result(List.of(t), 0.1, 0.05, NAN, "", List.of(), true);
        ReviewPages.ReasonLine line = ReviewPages.triagePanel(t, result, s, 1, "malignant", null).reasons().get(0);
        assertThat(line.evidence()).isEqualTo("The networks and the lesion outline, stacked, give the other class, malignant, "
                + "a probability of 0.91 (out of fold); the other image of patient " + s.image().patient() + " at least 0.88.");
        assertThat(line.rule()).startsWith("At or above the stack's confident-learning threshold for malignant");
    }
}
