package pma.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.analysis.cam.CamAnalysis;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.explain.CamMethod;
import pma.ledger.Ledger;

/**
 * {@code pma explain}: aggregates the ledger's class-activation maps into cam.csv,
 * cam_agreement.csv and lesion_focus.csv, and draws overlays of flagged, control or chosen images.
 *
 * <p>lesion_focus.csv compares flagged images with reliably correct ones (pooled F below 0.05);
 * when the dataset folder holds a {@code truth.csv} with planted cases (the synthetic dataset), it
 * also compares each planted kind with the images not planted at all.
 */
public final class Explanations {
    public static final String TARGET_PREDICTED = "predicted";
    public static final String TARGET_TRUE = "true";

    private Explanations() {}

    /**
     * What to explain.
     *
     * @param method a CAM method name
     * @param target predicted or true
     * @param images tokens: {@code flagged}, {@code controls}, or image ids
     * @param controls how many control images to draw; -1 = as many as flagged images, at least 4
     */
    public record Options(String method, String target, List<String> images, int controls) {
        public Options {
            method = CamMethod.of(method).name();
            if (!target.equals(TARGET_PREDICTED) && !target.equals(TARGET_TRUE)) {
                throw new BadInputException("--target must be predicted or true, got " + target);
            }
            images = images == null || images.isEmpty() ? List.of("flagged", "controls") : List.copyOf(images);
            if (controls < -1) throw new BadInputException("--controls must be 0 or more, got " + controls);
        }
    }

    /** What was written. */
    public record Outcome(CamAnalysis.Result cams, List<CamAnalysis.Comparison> comparisons, List<Integer> flagged,
                          List<Integer> controls, List<Integer> chosen, List<Path> overlays) {}

    /**
     * Analyses the ledger, then writes the tables and overlays into {@code out}; the analysis and the
     * maps are read from one snapshot of the ledger.
     */
    public static Outcome write(Ledger ledger, AnalysisOptions analysisOptions, Options o, Path out) throws IOException {
        try (Ledger.Snapshot s = ledger.snapshot()) {
            return write(s.ledger(), Analysis.of(s.ledger(), analysisOptions), o, out);
        }
    }

    private static Outcome write(Ledger ledger, AnalysisResult a, Options o, Path out) throws IOException {
        Dataset d = a.dataset();
        Map<String, Integer> byId = new HashMap<>();
        for (ImageRecord r : d.images()) byId.put(r.id(), r.index());
        Set<Integer> chosen = new LinkedHashSet<>();
        boolean flaggedToo = false, controlsToo = false;
        for (String token : o.images()) {
            if (token.equals("flagged")) flaggedToo = true;
            else if (token.equals("controls")) controlsToo = true;
            else {
                Integer i = byId.get(token);
                if (i == null) throw new BadInputException("--images: no image '" + token + "' in the dataset of " + ledger.file());
                chosen.add(i);
            }
        }
        CamAnalysis.Result cams = CamAnalysis.of(ledger, a, o.method(), o.target());

        List<Integer> flagged = flaggedToo ? a.flagged().stream().map(s -> s.image().index()).toList() : List.of();
        int wanted = o.controls() >= 0 ? o.controls() : Math.max(4, a.flagged().size());
        List<Integer> controls = controlsToo ? controls(a, cams, wanted) : List.of();

        List<CamAnalysis.Comparison> comparisons = tables(cams, out);

        Overlays overlays = Overlays.of(cams);
        List<Path> files = new ArrayList<>();
        files.addAll(overlays.write(flagged, out.resolve("overlays").resolve("flagged")));
        files.addAll(overlays.write(controls, out.resolve("overlays").resolve("controls")));
        files.addAll(overlays.write(new ArrayList<>(chosen), out.resolve("overlays").resolve("selected")));
        return new Outcome(cams, comparisons, flagged, controls, new ArrayList<>(chosen), files);
    }

    /**
     * For {@code pma analyze}: when the ledger holds Grad-CAM maps of the predicted class (or else
     * any maps), writes cam.csv, cam_agreement.csv and lesion_focus.csv; returns the aggregation,
     * or null when the ledger holds no maps.
     */
    public static CamAnalysis.Result writeTables(Ledger ledger, AnalysisResult a, Path out) throws IOException {
        Map<String, Integer> held = CamAnalysis.inventory(ledger);
        if (held.isEmpty()) return null;
        String key = held.containsKey("gradcam/predicted") ? "gradcam/predicted" : held.keySet().iterator().next();
        String[] mt = key.split("/", 2);
        CamAnalysis.Result cams = CamAnalysis.of(ledger, a, mt[0], mt[1]);
        tables(cams, out);
        return cams;
    }

    /** Writes the three tables; returns the lesion-focus comparisons, planted kinds included. */
    private static List<CamAnalysis.Comparison> tables(CamAnalysis.Result cams, Path out) throws IOException {
        List<CamAnalysis.Comparison> comparisons = new ArrayList<>(cams.comparisons());
        comparisons.addAll(truthComparisons(cams, cams.analysis().dataset().root().resolve("truth.csv")));
        CamAnalysis.images(cams).write(out.resolve("cam.csv"));
        CamAnalysis.agreements(cams).write(out.resolve("cam_agreement.csv"));
        CamAnalysis.comparisons(comparisons).write(out.resolve("lesion_focus.csv"));
        return comparisons;
    }

    /**
     * Reliably correct images with maps, the most confidently right first, alternating between the
     * two classes so both are shown.
     */
    static List<Integer> controls(AnalysisResult a, CamAnalysis.Result cams, int wanted) {
        Set<Integer> withMaps = new HashSet<>();
        for (CamAnalysis.ImageCam c : cams.images()) withMaps.add(c.image());
        List<List<Integer>> byClass = List.of(new ArrayList<>(), new ArrayList<>());
        a.images().stream().filter(CamAnalysis::isControl).filter(s -> withMaps.contains(s.image().index()))
                .sorted(Comparator.comparingDouble((ImageStats s) -> -s.pooled().meanTrueClassProb())
                        .thenComparingInt(s -> s.image().index()))
                .forEach(s -> byClass.get(s.image().target()).add(s.image().index()));
        List<Integer> out = new ArrayList<>();
        for (int k = 0; out.size() < wanted && (k < byClass.get(0).size() || k < byClass.get(1).size()); k++) {
            for (List<Integer> c : byClass) {
                if (k < c.size() && out.size() < wanted) out.add(c.get(k));
            }
        }
        return out;
    }

    /**
     * Each planted kind in {@code truthFile} against the images planted with nothing, per model and
     * for the mean over models; empty when the file does not exist.
     */
    static List<CamAnalysis.Comparison> truthComparisons(CamAnalysis.Result cams, Path truthFile) throws IOException {
        if (!Files.isRegularFile(truthFile)) return List.of();
        Map<String, Set<String>> kindsById = new HashMap<>();
        try (Reader r = Files.newBufferedReader(truthFile, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                if (!rec.isMapped("image") || !rec.isMapped("kind")) return List.of();
                kindsById.computeIfAbsent(rec.get("image"), k -> new HashSet<>()).add(rec.get("kind"));
            }
        }
        Dataset d = cams.analysis().dataset();
        Set<String> kinds = new TreeSet<>();
        kindsById.values().forEach(kinds::addAll);
        List<String> models = new ArrayList<>(new LinkedHashSet<>(cams.images().stream().map(CamAnalysis.ImageCam::model).toList()));
        Map<String, Map<Integer, Double>> focus = new TreeMap<>();
        for (String m : models) {
            Map<Integer, Double> f = new HashMap<>();
            cams.images().stream().filter(c -> c.model().equals(m) && !Double.isNaN(c.lesionFocus()))
                    .forEach(c -> f.put(c.image(), c.lesionFocus()));
            focus.put(m, f);
        }
        if (models.size() > 1) focus.put("all", CamAnalysis.meanOverModels(cams.images()));
        List<String> order = new ArrayList<>(models);
        if (models.size() > 1) order.add("all");
        List<CamAnalysis.Comparison> out = new ArrayList<>();
        for (String kind : kinds) {
            for (String m : order) {
                Map<Integer, Double> f = focus.get(m);
                List<Double> planted = new ArrayList<>(), clean = new ArrayList<>();
                f.forEach((i, v) -> {
                    Set<String> ks = kindsById.get(d.images().get(i).id());
                    if (ks == null) clean.add(v);
                    else if (ks.contains(kind)) planted.add(v);
                });
                out.add(CamAnalysis.compare(kind + "_vs_clean", m, kind, toArray(planted), "clean", toArray(clean)));
            }
        }
        return out;
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
