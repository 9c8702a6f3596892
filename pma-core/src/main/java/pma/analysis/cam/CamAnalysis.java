package pma.analysis.cam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import pma.BadInputException;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.dataset.Dataset;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.ledger.CamMap;
import pma.config.ExperimentConfig;
import pma.io.CsvTable;
import pma.ledger.CamMaps;
import pma.ledger.Ledger;
import pma.stats.MannWhitney;

/**
 * Aggregates the class-activation maps stored in a ledger: per image and model the mean map over
 * the runs that tested the image, its stability across runs, the agreement between models, and
 * the share of map energy inside the lesion where a mask exists, compared between flagged and
 * reliably correct images.
 *
 * <p>Only the main experiment's runs count (no exclusion set). Maps are read as stored: each
 * normalised to a maximum of 1, all zero when empty. Empty maps are counted, and left out of the
 * mean map, the stability and the lesion focus.
 */
public final class CamAnalysis {
    /** Share of hottest cells compared between models. */
    public static final double TOP_SHARE = 0.2;
    /** Images with pooled F below this (and enough appearances, and not flagged) are the reliably correct controls. */
    public static final double RELIABLY_CORRECT = 0.05;

    private CamAnalysis() {}

    /** One stored map and the model of its run. */
    public record StoredMap(int runId, String model, CamMap map) {}

    /** Whether an image has a usable lesion mask. */
    public enum MaskState {
        /** No mask in the manifest (or the dataset folder could not be read). */
        NONE,
        /** A mask without a single lesion pixel: nothing to measure against. */
        EMPTY,
        /** A mask that covers the whole (preprocessed) image: every map scores 1, so none is reported. */
        FULL,
        OK;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Preprocessed lesion masks ({@code size×size}, null where none) and why some may be missing. */
    public record Masks(int size, float[][] masks, String note) {
        public static Masks none(int images, String note) {
            return new Masks(0, new float[images][], note);
        }
    }

    /**
     * The maps of one image under one model.
     *
     * @param runs runs that stored a map of this image
     * @param emptyMaps of those, maps without a positive value
     * @param meanMap mean of the non-empty maps ({@code height*width}; all zero when every map is empty)
     * @param stability mean pairwise Pearson correlation of the non-empty maps; NaN with fewer than two
     * @param lesionFocus mean over non-empty maps of the share of map energy inside the lesion; NaN
     *     unless the mask is {@link MaskState#OK}
     * @param lesionArea share of the image inside the lesion (the focus a uniform map would get); NaN without a mask
     */
    public record ImageCam(int image, String model, int runs, int emptyMaps, int height, int width, float[] meanMap,
                           double stability, double lesionFocus, double lesionArea, MaskState mask) {
        public boolean empty() {
            return runs == emptyMaps;
        }
    }

    /** Agreement of two models' mean maps of one image, resized to the finer of the two grids. */
    public record Agreement(int image, String modelA, String modelB, double rankCorrelation, double topIou) {}

    /** Lesion focus of two groups of images compared with a two-sided Mann–Whitney test. */
    public record Comparison(String comparison, String model, String groupA, String groupB, double[] a, double[] b,
                             MannWhitney.Result test) {
        public double median(double[] x) {
            if (x.length == 0) return Double.NaN;
            double[] s = x.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        public double mean(double[] x) {
            return x.length == 0 ? Double.NaN : Arrays.stream(x).average().orElse(Double.NaN);
        }
    }

    /** Everything computed for one method and target. */
    public record Result(String method, String target, AnalysisResult analysis, List<ImageCam> images,
                         List<Agreement> agreements, List<Comparison> comparisons, String maskNote) {
        /** The entry of {@code image} under {@code model}, or null when no run stored a map of it. */
        public ImageCam get(int image, String model) {
            for (ImageCam c : images) {
                if (c.image() == image && c.model().equals(model)) return c;
            }
            return null;
        }

        /** Entries of one image, in model order. */
        public List<ImageCam> of(int image) {
            return images.stream().filter(c -> c.image() == image).toList();
        }
    }

    // ------------------------------------------------------------------ reading the ledger

    /** Number of stored maps per "method/target" in the main experiment's runs, sorted. */
    public static Map<String, Integer> inventory(Ledger ledger) {
        return CamMaps.inventory(ledger);
    }

    /** The stored maps of one method and target in the main experiment's runs. */
    public static List<StoredMap> load(Ledger ledger, String method, String target) {
        return CamMaps.load(ledger, method, target).stream().map(m -> new StoredMap(m.runId(), m.model(), m.map())).toList();
    }

    /**
     * Lesion masks preprocessed as the networks saw their images (same size and crop). When the
     * dataset folder cannot be read any more, no masks, and a note saying why.
     */
    public static Masks masks(Dataset dataset, ExperimentConfig config) {
        int n = dataset.size();
        if (dataset.images().stream().noneMatch(r -> r.hasMask())) return Masks.none(n, "the dataset has no lesion masks");
        try {
            ImageTensors t = Preprocessor.load(dataset, config.preprocessing());
            return new Masks(t.size(), t.masks(), "");
        } catch (BadInputException e) {
            return Masks.none(n, "lesion masks not read (" + e.getMessage() + ")");
        }
    }

    /**
     * Aggregates the maps of {@code method} for {@code target} (predicted or true).
     *
     * @throws BadInputException when the ledger holds no such maps (naming what it holds)
     */
    public static Result of(Ledger ledger, AnalysisResult analysis, String method, String target) {
        List<StoredMap> maps = load(ledger, method, target);
        if (maps.isEmpty()) {
            Map<String, Integer> held = inventory(ledger);
            throw new BadInputException(ledger.file() + ": no class-activation maps for " + method + "/" + target
                    + (held.isEmpty() ? "; the ledger holds none (they are stored by pma run, unless --cams none)"
                            : "; it holds " + String.join(", ", held.keySet())));
        }
        return of(analysis, maps, masks(analysis.dataset(), analysis.config()), method, target);
    }

    // ------------------------------------------------------------------ aggregation

    /** Aggregates the given maps (all of one method and target). */
    public static Result of(AnalysisResult analysis, List<StoredMap> maps, Masks masks, String method, String target) {
        int n = analysis.dataset().size();
        List<String> models = new ArrayList<>(analysis.models());
        maps.stream().map(StoredMap::model).distinct().filter(m -> !models.contains(m)).forEach(models::add);
        Map<Integer, Map<String, List<CamMap>>> byImage = new HashMap<>();
        for (StoredMap m : maps) {
            if (m.map().image() < 0 || m.map().image() >= n) {
                throw new IllegalStateException("map of image " + m.map().image() + " outside 0.." + (n - 1));
            }
            byImage.computeIfAbsent(m.map().image(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(m.model(), k -> new ArrayList<>()).add(m.map());
        }
        List<ImageCam> images = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, List<CamMap>> perModel = byImage.getOrDefault(i, Map.of());
            float[] mask = masks.masks()[i];
            MaskState state = maskState(mask);
            List<ImageCam> mine = new ArrayList<>();
            for (String model : models) {
                List<CamMap> list = perModel.get(model);
                if (list != null) mine.add(aggregate(i, model, list, state, mask, masks.size()));
            }
            images.addAll(mine);
            for (int x = 0; x < mine.size(); x++) {
                for (int y = x + 1; y < mine.size(); y++) agreements.add(agreement(mine.get(x), mine.get(y)));
            }
        }
        List<Comparison> comparisons = flaggedVersusControls(analysis, models, images);
        return new Result(method, target, analysis, images, agreements, comparisons, masks.note());
    }

    static MaskState maskState(float[] mask) {
        if (mask == null) return MaskState.NONE;
        double area = CamGrid.area(mask);
        return area == 0 ? MaskState.EMPTY : area == 1 ? MaskState.FULL : MaskState.OK;
    }

    private static ImageCam aggregate(int image, String model, List<CamMap> maps, MaskState state, float[] mask,
                                      int maskSize) {
        int h = maps.get(0).height(), w = maps.get(0).width();
        List<float[]> full = new ArrayList<>();
        for (CamMap m : maps) {
            if (m.height() != h || m.width() != w || m.values().length != h * w) {
                throw new IllegalStateException("maps of image " + image + " under " + model + " differ in size");
            }
            if (!CamGrid.isEmpty(m.values())) full.add(m.values());
        }
        float[] mean = new float[h * w];
        for (float[] v : full) {
            for (int k = 0; k < mean.length; k++) mean[k] += v[k] / full.size();
        }
        double pearsonSum = 0;
        int pairs = 0;
        for (int a = 0; a < full.size(); a++) {
            for (int b = a + 1; b < full.size(); b++) {
                double r = CamGrid.pearson(full.get(a), full.get(b));
                if (!Double.isNaN(r)) {
                    pearsonSum += r;
                    pairs++;
                }
            }
        }
        double focus = Double.NaN;
        if (state == MaskState.OK && !full.isEmpty()) {
            double sum = 0;
            for (float[] v : full) sum += CamGrid.energyInside(v, h, w, mask, maskSize);
            focus = sum / full.size();
        }
        double area = mask == null ? Double.NaN : CamGrid.area(mask);
        return new ImageCam(image, model, maps.size(), maps.size() - full.size(), h, w, mean,
                pairs == 0 ? Double.NaN : pearsonSum / pairs, focus, area, state);
    }

    private static Agreement agreement(ImageCam a, ImageCam b) {
        if (a.empty() || b.empty()) return new Agreement(a.image(), a.model(), b.model(), Double.NaN, Double.NaN);
        int h = Math.max(a.height(), b.height()), w = Math.max(a.width(), b.width());
        float[] x = CamGrid.resize(a.meanMap(), a.height(), a.width(), h, w);
        float[] y = CamGrid.resize(b.meanMap(), b.height(), b.width(), h, w);
        return new Agreement(a.image(), a.model(), b.model(), CamGrid.spearman(x, y), CamGrid.topIou(x, y, TOP_SHARE));
    }

    /**
     * Flagged images against reliably correct ones, per model with maps and, with two or more
     * such models, for the per-image mean over models ("all").
     */
    private static List<Comparison> flaggedVersusControls(AnalysisResult a, List<String> allModels, List<ImageCam> images) {
        List<String> models = allModels.stream().filter(m -> images.stream().anyMatch(c -> c.model().equals(m))).toList();
        boolean[] flagged = new boolean[a.images().size()], control = new boolean[a.images().size()];
        for (ImageStats s : a.images()) {
            int i = s.image().index();
            flagged[i] = s.flagged();
            control[i] = isControl(s);
        }
        List<Comparison> out = new ArrayList<>();
        for (String model : models) {
            Map<Integer, Double> focus = new HashMap<>();
            for (ImageCam c : images) {
                if (c.model().equals(model) && !Double.isNaN(c.lesionFocus())) focus.put(c.image(), c.lesionFocus());
            }
            out.add(compare("flagged_vs_reliably_correct", model, "flagged", pick(focus, flagged), "reliably_correct",
                    pick(focus, control)));
        }
        if (models.size() > 1) {
            Map<Integer, Double> pooled = meanOverModels(images);
            out.add(compare("flagged_vs_reliably_correct", "all", "flagged", pick(pooled, flagged), "reliably_correct",
                    pick(pooled, control)));
        }
        return out;
    }

    /** Reliably correct: tested often enough, not flagged, pooled F below {@link #RELIABLY_CORRECT}. */
    public static boolean isControl(ImageStats s) {
        return !s.flagged() && s.enoughAppearances() && s.pooled().appearances() > 0
                && s.pooled().frequency() < RELIABLY_CORRECT;
    }

    /** Per image, the mean lesion focus over the models that have one. */
    public static Map<Integer, Double> meanOverModels(List<ImageCam> images) {
        Map<Integer, double[]> acc = new TreeMap<>();
        for (ImageCam c : images) {
            if (Double.isNaN(c.lesionFocus())) continue;
            double[] s = acc.computeIfAbsent(c.image(), k -> new double[2]);
            s[0] += c.lesionFocus();
            s[1]++;
        }
        Map<Integer, Double> out = new TreeMap<>();
        acc.forEach((i, s) -> out.put(i, s[0] / s[1]));
        return out;
    }

    private static double[] pick(Map<Integer, Double> values, boolean[] member) {
        return values.entrySet().stream().filter(e -> member[e.getKey()]).mapToDouble(Map.Entry::getValue).toArray();
    }

    /** Compares two samples of lesion focus (NaN-free) with a two-sided Mann–Whitney test. */
    public static Comparison compare(String comparison, String model, String groupA, double[] a, String groupB, double[] b) {
        return new Comparison(comparison, model, groupA, groupB, a.clone(), b.clone(), MannWhitney.test(a, b));
    }

    // ------------------------------------------------------------------ output

    /** Writes cam.csv, cam_agreement.csv and lesion_focus.csv into {@code dir}. */
    public static void write(Result r, Path dir) throws IOException {
        images(r).write(dir.resolve("cam.csv"));
        agreements(r).write(dir.resolve("cam_agreement.csv"));
        comparisons(r.comparisons()).write(dir.resolve("lesion_focus.csv"));
    }

    public static CsvTable images(Result r) {
        CsvTable t = new CsvTable(List.of("image", "model", "method", "target", "runs", "empty_maps", "map_h", "map_w",
                "stability", "lesion_focus", "lesion_area", "mask", "flagged", "reliably_correct", "f"));
        Dataset d = r.analysis().dataset();
        for (ImageCam c : r.images()) {
            ImageStats s = r.analysis().images().get(c.image());
            t.row(d.images().get(c.image()).id(), c.model(), r.method(), r.target(), c.runs(), c.emptyMaps(), c.height(),
                    c.width(), c.stability(), c.lesionFocus(), c.lesionArea(), c.mask().code(), s.flagged(), isControl(s),
                    s.pooled().frequency());
        }
        return t;
    }

    public static CsvTable agreements(Result r) {
        CsvTable t = new CsvTable(List.of("image", "model_a", "model_b", "rank_correlation", "top20_iou"));
        Dataset d = r.analysis().dataset();
        for (Agreement g : r.agreements()) {
            t.row(d.images().get(g.image()).id(), g.modelA(), g.modelB(), g.rankCorrelation(), g.topIou());
        }
        return t;
    }

    public static CsvTable comparisons(List<Comparison> comparisons) {
        CsvTable t = new CsvTable(List.of("comparison", "model", "group_a", "group_b", "n_a", "n_b", "median_a",
                "median_b", "mean_a", "mean_b", "u", "p", "auc"));
        for (Comparison c : comparisons) {
            t.row(c.comparison(), c.model(), c.groupA(), c.groupB(), c.a().length, c.b().length, c.median(c.a()),
                    c.median(c.b()), c.mean(c.a()), c.mean(c.b()), c.test().u(), c.test().p(), c.test().auc());
        }
        return t;
    }
}
