package pma.triage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pma.io.CsvTable;

/**
 * The triage scored against known answers: for each planted kind (and "none" for the images with
 * no planted kind), how many of its images each reason marks. Reasons are not exclusive, so a row's
 * reason counts may add up to more than its images; {@code no_reason} counts images with none. The
 * table is given twice: over all images, and over the flagged ones only (the images a reviewer gets).
 */
public final class TriageScore {
    /** The row of images with no planted kind. */
    public static final String NONE = "none";

    private TriageScore() {}

    /**
     * One row of the table.
     *
     * @param scope "all" or "flagged"
     * @param counts images marked with each reason, in {@link Reason} order
     * @param noReason images with no reason
     */
    public record Row(String scope, String plantedKind, int images, int[] counts, int noReason) {}

    /**
     * @param truth image id to planted kinds (images absent: none)
     */
    public static List<Row> confusion(List<Triage> triage, Map<String, Set<String>> truth) {
        Set<String> kinds = new LinkedHashSet<>(new TreeSet<>(truth.values().stream().flatMap(Set::stream).toList()));
        kinds.add(NONE);
        List<Row> out = new ArrayList<>();
        for (String scope : List.of("all", "flagged")) {
            for (String kind : kinds) {
                int images = 0, none = 0;
                int[] counts = new int[Reason.values().length];
                for (Triage x : triage) {
                    if (scope.equals("flagged") && !x.flagged()) continue;
                    Set<String> ks = truth.getOrDefault(x.id(), Set.of());
                    if (kind.equals(NONE) ? !ks.isEmpty() : !ks.contains(kind)) continue;
                    images++;
                    for (Reason r : x.reasons()) counts[r.ordinal()]++;
                    if (x.reasons().isEmpty()) none++;
                }
                out.add(new Row(scope, kind, images, counts, none));
            }
        }
        return out;
    }

    /** {@code triage_confusion.csv}. */
    public static CsvTable table(List<Row> rows) {
        List<String> header = new ArrayList<>(List.of("scope", "planted_kind", "images"));
        for (Reason r : Reason.values()) header.add(r.code());
        header.add("no_reason");
        CsvTable t = new CsvTable(header);
        for (Row r : rows) {
            List<Object> row = new ArrayList<>(List.of(r.scope(), r.plantedKind(), r.images()));
            for (int c : r.counts()) row.add(c);
            row.add(r.noReason());
            t.row(row);
        }
        return t;
    }
}
