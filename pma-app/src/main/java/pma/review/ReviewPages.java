package pma.review;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pma.analysis.ImageStats;
import pma.analysis.Tally;
import pma.dataset.ImageRecord;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.report.Format;
import pma.report.Templates;
import pma.stats.Wilson;
import pma.triage.Atypicality;
import pma.triage.Reason;
import pma.triage.Triage;
import pma.triage.Triages;

/**
 * The review app's HTML: the queue overview and one page per image.
 *
 * <p>Each page is a record rendered by its template ({@code src/main/jte/review}); the templates
 * escape every string that comes from the dataset, the ledger or the request, and numbers are
 * formatted by {@link Format}, as in the report. Pages load one stylesheet and one script
 * ({@code pma/review/review.css}, {@code review.js}) from the app itself, so the
 * Content-Security-Policy can forbid inline script.
 */
final class ReviewPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReviewPages() {}

    /** What the header needs on every page. */
    record Chrome(String ledgerName, List<ReviewQueue> queues, ReviewQueue current) {}

    /** The queue overview: every image of the current queue with its rate and latest verdict. */
    record QueuePage(Chrome chrome, String hint, String startHref, boolean allReviewed, List<QueueRow> rows) {}

    /**
     * @param verdict the latest verdict, or null
     * @param reasons the image's triage reasons, each linking to the queue narrowed to it
     */
    record QueueRow(int number, String href, String id, String label, String subtype, int tested, double f, String ci,
                    int falsePositives, int falseNegatives, Verdict verdict, List<ReasonTag> reasons) {}

    /** A triage reason as a small tag: its short label and the queue narrowed to it. */
    record ReasonTag(String code, String label, String href) {}

    /**
     * One image.
     *
     * @param saved the verdict just saved (on this or the previous image), or null
     * @param previous and next: links along the queue, or null at its ends
     * @param rank rank by pooled F, 0 when not ranked
     * @param outline the lesion outline's shape and what it predicts, in words; null without one
     */
    record ItemPage(Chrome chrome, Saved saved, String previous, String next, String where, ImageRecord image, int rank,
                    boolean flagged, Tally pooled, String ci, List<ModelRow> models, Form form, List<HistoryEntry> history,
                    List<CamPanel> maps, List<NearDuplicate> nearDuplicates, TriagePanel triage, String outline) {}

    /**
     * Why the triage lists the image, with the figures behind each reason.
     *
     * @param shown whether the page shows the panel: the image has reasons, or it is flagged (then "no triage reason")
     * @param notes evidence the triage lacked, and why (a rule without its evidence never holds)
     */
    record TriagePanel(boolean shown, List<ReasonLine> reasons, List<String> notes) {}

    /**
     * One triage reason of an image in plain words.
     *
     * @param evidence the figures behind it
     * @param link the image behind it (the near-duplicate under the other label), or null
     * @param rule the cut or rule that made it a reason
     */
    record ReasonLine(String code, String label, String evidence, NearDuplicate link, String rule) {}

    /**
     * One model's mean class-activation map of the image, drawn over it (lesion outline where a mask exists).
     *
     * @param src where the app serves the picture
     * @param what the method and target, e.g. "gradcam of the predicted class"
     */
    record CamPanel(String model, String src, String what) {}

    /**
     * Another image of the dataset that looks almost the same ({@code pma duplicates}' rule).
     *
     * @param href its review page, or null when the image is not in the ledger's dataset
     */
    record NearDuplicate(String id, String label, String href, boolean otherLabel, boolean samePatient, int distance) {}

    record Saved(Kind kind, String image, String reviewer) {}

    record ModelRow(String model, Tally tally, String ci) {}

    /**
     * The verdict form: the hidden fields and the choices, in the order of their number keys.
     *
     * @param reason the queue's triage reason code, "" for the whole queue: the next image is taken from the same queue
     */
    record Form(String csrf, int image, String queue, String reason, List<Kind> kinds) {}

    /** @param latest whether this is the verdict that counts (the newest) */
    record HistoryEntry(Kind kind, String reviewer, String when, String note, boolean latest) {}

    record ErrorPage(int status, String message) {}

    static String queuePage(Chrome chrome, Map<Integer, Verdict> latest, Triages.Result triage) {
        ReviewQueue q = chrome.current();
        String hint = q.name().equals("flagged") ? "Images the models get wrong persistently (the paper's rule), most "
                + "suspect first in pma's order."
                : q.name().equals("suspect") ? "The images at the cut of pma's order of suspicion (images.csv's suspect "
                + "column), most suspect first: the likeliest label errors."
                : "Images the models almost never get wrong (pooled F < " + Format.f2(ReviewQueue.CONTROL_MAX_F) + "), most "
                        + "confidently correct first. Reviewing some of them calibrates the verdicts on flagged images.";
        String start = q.items().stream().filter(s -> !latest.containsKey(s.image().index())).findFirst()
                .or(() -> q.items().stream().findFirst()).map(s -> itemHref(s.image().index(), q)).orElse(null);
        List<QueueRow> rows = new ArrayList<>();
        for (ImageStats s : q.items()) {
            Tally p = s.pooled();
            rows.add(new QueueRow(rows.size() + 1, itemHref(s.image().index(), q), s.image().id(), s.image().label(),
                    s.image().subtype(), p.appearances(), p.frequency(), Format.interval(s.ci()), p.falsePositives(),
                    p.falseNegatives(), latest.get(s.image().index()), tags(triage.images().get(s.image().index()), q)));
        }
        return Templates.render("review/queue.jte", new QueuePage(chrome, hint, start, reviewed(q, latest) == q.size(), rows));
    }

    /** One image: picture, statistics, features, triage reasons, earlier verdicts and the verdict form. */
    static String itemPage(Chrome chrome, ImageStats s, List<String> models, List<Verdict> history, String csrf,
                           ImageRecord saved, Verdict savedVerdict, Map<Integer, Verdict> latest, List<CamPanel> maps,
                           List<NearDuplicate> nearDuplicates, TriagePanel triage, String outline) {
        ReviewQueue q = chrome.current();
        ImageRecord r = s.image();
        int pos = q.position(r.index());
        String previous = pos > 0 ? itemHref(q.items().get(pos - 1).image().index(), q) : null;
        String next = pos >= 0 && pos + 1 < q.size() ? itemHref(q.items().get(pos + 1).image().index(), q) : null;
        String where = (pos < 0 ? "not in this queue" : (pos + 1) + " of " + q.size() + " " + q.name()
                + (q.reason() == null ? "" : " (" + label(q.reason()) + ")")) + " · " + reviewed(q, latest) + " reviewed";
        List<ModelRow> rows = models.stream().map(m -> {
            Tally t = s.byModel().getOrDefault(m, Tally.EMPTY);
            return new ModelRow(m, t, Format.interval(Wilson.interval95(t.errors(), t.appearances())));
        }).toList();
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) { // newest first; the newest is the one that counts
            Verdict v = history.get(i);
            entries.add(new HistoryEntry(v.kind(), v.reviewer(), TIME.format(v.created()), v.note(), i == history.size() - 1));
        }
        Saved done = saved != null && savedVerdict != null ? new Saved(savedVerdict.kind(), saved.id(), savedVerdict.reviewer())
                : null;
        return Templates.render("review/item.jte", new ItemPage(chrome, done, previous, next, where, r, s.rank(), s.flagged(),
                s.pooled(), Format.interval(s.ci()), rows, new Form(csrf, r.index(), q.name(),
                q.reason() == null ? "" : q.reason().code(), List.of(Kind.values())), entries, maps, nearDuplicates, triage,
                outline));
    }

    static String errorPage(int status, String message) {
        return Templates.render("review/error.jte", new ErrorPage(status, message));
    }

    /**
     * The link to one image within a queue, and its triage reason when the queue is narrowed to one, so
     * that previous and next stay in it (not escaped: the templates escape it where it lands).
     */
    static String itemHref(int index, ReviewQueue q) {
        return "/item/" + index + "?queue=" + URLEncoder.encode(q.name(), StandardCharsets.UTF_8)
                + (q.reason() == null ? "" : "&reason=" + q.reason().code());
    }

    /** A reason's short label: its code in words, "label issue". */
    static String label(Reason r) {
        return r.code().replace('_', ' ');
    }

    /** The image's reasons as tags, each linking to queue {@code q} narrowed to it. */
    private static List<ReasonTag> tags(Triage t, ReviewQueue q) {
        return t.reasons().stream().map(r -> new ReasonTag(r.code(), label(r), "/?queue="
                + URLEncoder.encode(q.name(), StandardCharsets.UTF_8) + "&reason=" + r.code())).toList();
    }

    /**
     * The triage panel of one image: each of its reasons with the figures behind it, in
     * {@link Reason} order.
     *
     * @param s the image's statistics (how many models and tests)
     * @param otherViews how many other images of its patient were tested
     * @param otherClass the class the image is not labelled with
     * @param duplicate the near-duplicate under the other label ({@link Triage.Evidence#duplicateOf()}), or null
     */
    static TriagePanel triagePanel(Triage t, Triages.Result result, ImageStats s, int otherViews, String otherClass,
                                   NearDuplicate duplicate) {
        Triage.Evidence e = t.evidence();
        List<ReasonLine> lines = new ArrayList<>();
        for (Reason r : t.reasons()) {
            lines.add(switch (r) {
                case LABEL_ISSUE -> {
                    if (result.labelsByViews()) {
                        String group = otherViews == 0 ? "; no other image of patient " + s.image().patient() + " was scored"
                                : "; the " + (otherViews == 1 ? "other image" : otherViews + " other images") + " of patient "
                                        + s.image().patient() + " at least " + Format.f2(e.otherClassGroup());
                        yield new ReasonLine(r.code(), label(r), "The networks and the lesion outline, stacked, give the "
                                + "other class, " + otherClass + ", a probability of " + Format.f2(e.otherClassMinModel())
                                + " (out of fold)" + group + ".", null,
                                "At or above the stack's confident-learning threshold for " + otherClass + " (its mean "
                                        + "probability of " + otherClass + " over the images labelled " + otherClass
                                        + "); the outline predicts the labels better than the networks here.");
                    }
                    long models = s.byModel().values().stream().filter(m -> m.appearances() > 0).count();
                    String group = otherViews == 0 ? "; no other image of patient " + s.image().patient() + " was tested"
                            : "; the " + (otherViews == 1 ? "other image" : otherViews + " other images") + " of patient "
                                    + s.image().patient() + " give " + otherClass + " at least " + Format.f2(e.otherClassGroup());
                    yield new ReasonLine(r.code(), label(r), "All " + models + (models == 1 ? " model" : " models")
                            + " that tested it give the other class, " + otherClass + ", a mean probability of at least "
                            + Format.f2(e.otherClassMinModel()) + group + "; wrong in " + s.pooled().errors() + " of "
                            + s.pooled().appearances() + " tests.", null,
                            "Each at or above its confident-learning threshold for " + otherClass
                                    + " (the mean probability of " + otherClass + " over the images labelled " + otherClass
                                    + "), and wrong in more than half of the tests.");
                }
                case AMBIGUOUS -> new ReasonLine(r.code(), label(r), "Mean distance of its probability from the decision "
                        + "threshold " + Format.f3(e.thresholdDistance()) + "; standard deviation over its "
                        + s.pooled().appearances() + " tests " + Format.f3(e.probabilitySd()) + ".", null,
                        "Distance at most " + Format.f3(result.ambiguousDistance()) + " (lower quartile over the images) and "
                                + "standard deviation at least " + Format.f3(result.ambiguousSd()) + " (upper quartile).");
                case ATYPICAL -> new ReasonLine(r.code(), label(r), "Feature-distance percentile "
                        + Format.f2(e.featurePercentile()) + ": on average over runs farther from the training images, in the "
                        + "network's feature space, than " + Format.pct(e.featurePercentile())
                        + " of the images tested alongside it.", null, "Percentile at least " + Format.f2(Atypicality.CUT) + ".");
                case DUPLICATE_CONFLICT -> new ReasonLine(r.code(), label(r), "A near-duplicate is labelled "
                        + (duplicate == null || duplicate.label().isEmpty() ? "otherwise" : duplicate.label()) + ", this image "
                        + s.image().label() + ":", duplicate != null ? duplicate
                        : new NearDuplicate(e.duplicateOf(), "", null, true, false, 0),
                        "The same picture cannot carry both labels.");
                case OFF_LESION -> new ReasonLine(r.code(), label(r), "Lesion focus " + Format.f2(e.lesionFocus())
                        + " (share of the maps' energy inside the lesion, mean over models) against " + Format.f2(e.lesionArea())
                        + " for a uniform map (the lesion's area): lift " + Format.f2(e.lesionFocus() / e.lesionArea()) + ".",
                        null, "Lift below " + Format.f2(result.offLesionLift())
                                + " (lower decile among the reliably correct images; maps " + result.cams() + ").");
            });
        }
        return new TriagePanel(!lines.isEmpty() || t.flagged(), lines, result.notes());
    }

    private static int reviewed(ReviewQueue q, Map<Integer, Verdict> latest) {
        return (int) q.items().stream().filter(s -> latest.containsKey(s.image().index())).count();
    }

    /** The stylesheet and the script, served by the app itself so the Content-Security-Policy can forbid inline ones. */
    static final String CSS = Templates.resource("/pma/review/review.css");
    static final String JS = Templates.resource("/pma/review/review.js");
}
