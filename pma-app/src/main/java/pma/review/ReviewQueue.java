package pma.review;

import java.util.Comparator;
import java.util.List;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.triage.Reason;
import pma.triage.Triages;

/**
 * The images a reviewer walks through, in review order.
 *
 * <p>{@code flagged}: the flagged images, most suspect first (by rank: pma's order, {@code views} or
 * {@code sla_knn}; {@link pma.analysis.AnalysisResult#order}). {@code suspect}: the images at the
 * default cut of that order ({@link pma.analysis.AnalysisResult#suspect}), in the same order.
 * {@code controls}: images tested often enough and almost never
 * misclassified (pooled F below {@link #CONTROL_MAX_F}), most confidently correct first; reviewing
 * some of them tells whether reviewers also find "problems" in images the models have no trouble with.
 * Either can be narrowed to the images of one triage {@link Reason} ({@code ?reason=label_issue}).
 *
 * @param reason the triage reason the queue is narrowed to, or null for the whole queue
 */
record ReviewQueue(String name, String title, Reason reason, List<ImageStats> items) {
    static final double CONTROL_MAX_F = 0.05;
    static final List<String> NAMES = List.of("flagged", "suspect", "controls");

    static ReviewQueue flagged(AnalysisResult a) {
        return new ReviewQueue("flagged", "Flagged", null, a.flagged());
    }

    static ReviewQueue suspect(AnalysisResult a) {
        boolean[] cut = a.suspect();
        List<ImageStats> items = a.images().stream().filter(s -> cut[s.image().index()])
                .sorted(Comparator.comparingInt(ImageStats::rank)).toList();
        return new ReviewQueue("suspect", "Suspect", null, items);
    }

    static ReviewQueue controls(AnalysisResult a) {
        List<ImageStats> items = a.images().stream()
                .filter(s -> s.enoughAppearances() && s.pooled().frequency() < CONTROL_MAX_F)
                .sorted(Comparator.comparingInt(ImageStats::rank).reversed())
                .toList();
        return new ReviewQueue("controls", "Controls", null, items);
    }

    /**
     * The items with triage reason {@code code} (a {@link Reason#code()}), same name and order;
     * this queue itself when {@code code} is null or empty, null when it names no reason.
     */
    ReviewQueue withReason(String code, java.util.function.Supplier<Triages.Result> triage) {
        if (code == null || code.isEmpty()) return this;
        Reason r = Reason.of(code);
        if (r == null) return null;
        Triages.Result t = triage.get();
        return new ReviewQueue(name, title + " (" + code + ")", r,
                items.stream().filter(s -> t.images().get(s.image().index()).has(r)).toList());
    }

    int size() {
        return items.size();
    }

    /** Position of an image in the queue, or -1 when it is not in it. */
    int position(int image) {
        for (int i = 0; i < items.size(); i++) if (items.get(i).image().index() == image) return i;
        return -1;
    }
}
