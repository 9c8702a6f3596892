package pma.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import pma.BadInputException;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageColumns;
import pma.analysis.ImageStats;
import pma.analysis.RunData;
import pma.analysis.cam.CamAnalysis;
import pma.dataset.ImageRecord;
import pma.duplicates.NearDuplicates;
import pma.ledger.Ledger;

/**
 * The triage of every image of an analysis: the five rules ({@link LabelIssues}, {@link Ambiguity},
 * {@link Atypicality}, {@link DuplicateConflicts}, {@link OffLesion}) applied to the evidence a
 * ledger and its dataset folder hold. Evidence that is missing (no feature distances in a ledger
 * older than schema version 3, no class-activation maps, no masks, a dataset folder that moved)
 * leaves its rule false and its numbers empty, with a note saying why.
 */
public final class Triages {
    /** The maps whose lesion focus counts when the ledger holds them; otherwise the first "…/predicted" ones. */
    public static final String PREFERRED_CAMS = "gradcam/predicted";

    private Triages() {}

    /**
     * Every image's triage, in manifest order, as extra images.csv columns.
     *
     * @param ambiguousDistance the ambiguity rule's cut on the mean distance to the threshold
     * @param ambiguousSd the ambiguity rule's cut on the probability's standard deviation
     * @param offLesionLift the off-lesion rule's cut on lesion focus / lesion area (NaN without maps and masks)
     * @param cams the maps whose lesion focus was used ("" when none)
     * @param notes evidence that was missing, and why
     * @param labelsByViews whether {@code label_issue} read the stacked views (the lesion outline leads pma's
     *     order; {@link LabelIssues#ofViews}) rather than each network
     */
    public record Result(List<Triage> images, double ambiguousDistance, double ambiguousSd, double offLesionLift, String cams,
                         List<String> notes, boolean labelsByViews) implements ImageColumns {
        @Override
        public List<String> names() {
            List<String> out = new ArrayList<>();
            for (Reason r : Reason.values()) out.add(r.code());
            out.addAll(List.of("triage_reasons", "other_class_min_model", "other_class_group", "threshold_distance",
                    "probability_sd", "feature_percentile", "duplicate_of", "lesion_focus", "lesion_area"));
            return out;
        }

        @Override
        public List<Object> values(int image) {
            Triage t = images.get(image);
            Triage.Evidence e = t.evidence();
            List<Object> out = new ArrayList<>();
            for (Reason r : Reason.values()) out.add(t.has(r));
            out.add(t.reasons().stream().map(Reason::code).collect(Collectors.joining(";")));
            out.addAll(List.of(e.otherClassMinModel(), e.otherClassGroup(), e.thresholdDistance(), e.probabilitySd(),
                    e.featurePercentile(), e.duplicateOf(), e.lesionFocus(), e.lesionArea()));
            return out;
        }

        /** The images with reason {@code r}, in manifest order. */
        public List<Triage> with(Reason r) {
            return images.stream().filter(t -> t.has(r)).toList();
        }
    }

    /**
     * Gathers the evidence from {@code ledger} (best a snapshot, the one {@code a} was read from)
     * and the dataset folder it records, and applies the rules.
     */
    public static Result of(Ledger ledger, AnalysisResult a) {
        List<String> notes = new ArrayList<>();
        List<NearDuplicates.Pair> pairs = List.of();
        try {
            pairs = NearDuplicates.find(a.dataset().root(), NearDuplicates.Options.defaults()).pairs();
        } catch (BadInputException | java.io.UncheckedIOException e) {
            notes.add("near-duplicates not searched (" + e.getMessage() + ")");
        }
        return of(ledger, a, pairs, notes);
    }

    /**
     * As {@link #of(Ledger, AnalysisResult)}, with the dataset's near-duplicate pairs already found
     * (the search decodes every image; the review app has done it once).
     */
    public static Result of(Ledger ledger, AnalysisResult a, List<NearDuplicates.Pair> pairs) {
        return of(ledger, a, pairs, new ArrayList<>());
    }

    private static Result of(Ledger ledger, AnalysisResult a, List<NearDuplicates.Pair> pairs, List<String> notes) {
        int n = a.dataset().size();
        Map<Integer, Map<Integer, Double>> distances = ledger.featureDistances();
        if (distances.isEmpty()) notes.add("no feature distances in the ledger (pma run records them unless --no-feature-distances; ledgers before schema version 3 have none)");

        double[] focus = new double[n], area = new double[n];
        Arrays.fill(focus, Double.NaN);
        Arrays.fill(area, Double.NaN);
        Set<String> held = CamAnalysis.inventory(ledger).keySet();
        String cams = held.contains(PREFERRED_CAMS) ? PREFERRED_CAMS
                : held.stream().filter(k -> k.endsWith("/predicted")).findFirst().orElse("");
        if (cams.isEmpty()) {
            notes.add("no class-activation maps in the ledger: no lesion focus");
        } else {
            String[] mt = cams.split("/", 2);
            CamAnalysis.Result r = CamAnalysis.of(ledger, a, mt[0], mt[1]);
            CamAnalysis.meanOverModels(r.images()).forEach((i, f) -> focus[i] = f);
            for (CamAnalysis.ImageCam c : r.images()) if (!Double.isNaN(c.lesionArea())) area[c.image()] = c.lesionArea();
            if (!r.maskNote().isEmpty()) notes.add(r.maskNote());
        }
        return of(a, distances, pairs, focus, area, cams, notes);
    }

    /**
     * Applies the rules to given evidence.
     *
     * @param distances feature distances by run id, then image (runs outside {@code a.runs()} are ignored)
     * @param pairs near-duplicate pairs of the dataset's images
     * @param focus lesion focus per image, mean over models (NaN where none)
     * @param area lesion area per image (NaN where no mask)
     */
    public static Result of(AnalysisResult a, Map<Integer, Map<Integer, Double>> distances, List<NearDuplicates.Pair> pairs,
                            double[] focus, double[] area, String cams, List<String> notes) {
        List<ImageRecord> records = a.dataset().images();
        int n = records.size();
        List<RunData> runs = a.runs();
        List<String> groups = records.stream().map(ImageRecord::patient).toList();
        pma.opinions.LesionOutline.Result outline = a.opinions().outline();
        boolean byViews = outline != null && outline.leads();
        LabelIssues.Result labels = byViews ? LabelIssues.ofViews(a.dataset().targets(), groups, outline.views())
                : LabelIssues.of(a.dataset().targets(), groups, runs);
        Ambiguity.Result ambiguity = Ambiguity.of(n, runs);
        List<Map<Integer, Double>> perRun = new ArrayList<>();
        for (RunData r : runs) {
            Map<Integer, Double> d = distances.get(r.run().runId());
            if (d != null && !d.isEmpty()) perRun.add(d);
        }
        Atypicality.Result atypical = Atypicality.of(n, perRun);
        String[] duplicate = DuplicateConflicts.of(records.stream().map(ImageRecord::id).toList(), pairs);
        boolean[] control = new boolean[n];
        for (int i = 0; i < n; i++) control[i] = CamAnalysis.isControl(a.images().get(i));
        OffLesion.Result lesion = OffLesion.of(focus, area, control);

        List<Triage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);
            if (labels.issue()[i]) reasons.add(Reason.LABEL_ISSUE);
            if (ambiguity.ambiguous()[i]) reasons.add(Reason.AMBIGUOUS);
            if (atypical.atypical()[i]) reasons.add(Reason.ATYPICAL);
            if (!duplicate[i].isEmpty()) reasons.add(Reason.DUPLICATE_CONFLICT);
            if (lesion.off()[i]) reasons.add(Reason.OFF_LESION);
            ImageStats s = a.images().get(i);
            out.add(new Triage(i, records.get(i).id(), s.flagged(), reasons, new Triage.Evidence(
                    labels.otherClassMinModel()[i], labels.otherClassGroup()[i], ambiguity.distance()[i], ambiguity.sd()[i],
                    atypical.percentile()[i], duplicate[i], focus[i], area[i])));
        }
        return new Result(List.copyOf(out), ambiguity.distanceCut(), ambiguity.sdCut(), lesion.cut(), cams, List.copyOf(notes),
                byViews);
    }
}
