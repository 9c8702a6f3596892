package pma.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import pma.BadInputException;

/**
 * Writes a procedural ultrasound-like thyroid nodule dataset with planted hard cases.
 *
 * <p>The manifest is an ordinary pma dataset; {@code truth.csv} beside it says which images
 * were made hard on purpose (flipped label, benign-looking malignant subtype, bright artifact,
 * very dark gain), so an analysis can be scored against known answers. Output depends only on
 * the {@link Options}: the same options give the same bytes in every file.
 */
public final class SyntheticDataset {
    /** Share of ordinary (non-look-alike) nodules that are malignant. */
    static final double MALIGNANT_SHARE = 0.4;

    // Independent stream families, so adding draws to one never shifts another.
    private static final long STREAM_NODULE = 1;
    private static final long STREAM_VIEW = 2;
    private static final long STREAM_PICK_NODULES = 3;
    private static final long STREAM_PICK_ARTIFACT = 4;
    private static final long STREAM_PICK_DARK = 5;
    private static final long STREAM_VIEW_COUNT = 6;
    private static final long STREAM_PICK_SHORTCUT = 7;
    private static final long STREAM_PLACE_SHORTCUT = 8;

    /** View names; a nodule has 1 to {@code VIEWS.length} views, so patients come in unequal sizes as in real data. */
    private static final String[] VIEWS = {"a", "b", "c", "d"};

    /** Planted kinds, in the order they appear in truth.csv and the summary. */
    enum Kind {
        LABEL_FLIP, LOOKALIKE_SUBTYPE, BRIGHT_ARTIFACT, DARK_GAIN,
        /** A caliper-like mark away from the lesion, mostly on malignant-labelled images ({@link ShortcutMark}). */
        SHORTCUT_ARTIFACT;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SyntheticDataset() {}

    /**
     * What to generate. Rates are shares of nodules (flips, look-alikes) or of images
     * (artifacts, dark gain, shortcut marks); the planted counts are these shares rounded, not random
     * draws. Shortcut marks go {@link ShortcutMark#MALIGNANT_SHARE 90%} on images labelled malignant.
     */
    public record Options(long seed, int nodules, int size, double flipRate, double lookalikeRate,
                          double artifactRate, double darkGainRate, double shortcutRate) {
        public Options {
            if (nodules < 10) throw new BadInputException("--nodules must be at least 10, got " + nodules);
            if (size < 16 || size > 1024) {
                throw new BadInputException("--size must be between 16 and 1024 pixels, got " + size);
            }
            checkRate("--flip-rate", flipRate);
            checkRate("--lookalike-rate", lookalikeRate);
            checkRate("--artifact-rate", artifactRate);
            checkRate("--dark-gain-rate", darkGainRate);
            checkRate("--shortcut-rate", shortcutRate);
        }

        /** Without shortcut marks (the default). */
        public Options(long seed, int nodules, int size, double flipRate, double lookalikeRate, double artifactRate,
                       double darkGainRate) {
            this(seed, nodules, size, flipRate, lookalikeRate, artifactRate, darkGainRate, 0);
        }

        public static Options defaults() {
            return new Options(7, 300, 64, 0.05, 0.03, 0.05, 0.04);
        }

        private static void checkRate(String option, double rate) {
            if (!(rate >= 0 && rate <= 0.5)) { // also rejects NaN
                throw new BadInputException(option + " must be between 0 and 0.5, got " + rate);
            }
        }
    }

    /**
     * What was written. {@code benign} and {@code malignant} count images by their given
     * (manifest) label; {@code plantedByKind} counts truth.csv rows per kind, every kind present,
     * in truth.csv order.
     */
    public record Summary(int images, int patients, int benign, int malignant, Map<String, Integer> plantedByKind) {
        public Summary {
            plantedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(plantedByKind));
        }
    }

    public static Summary generate(Path outDir, Options options) throws IOException {
        prepare(outDir);
        Path images = Files.createDirectories(outDir.resolve("images"));
        Path masks = Files.createDirectories(outDir.resolve("masks"));

        int n = options.nodules();
        long seed = options.seed();
        int idWidth = Math.max(4, Integer.toString(n).length());

        // Look-alikes and flips are disjoint: a flipped look-alike would carry a benign label that
        // matches its benign look, and so would be neither kind of hard case.
        int[] nodulePick = new Rng(Rng.mix(seed, STREAM_PICK_NODULES)).permutation(n);
        int lookalikes = planted(options.lookalikeRate(), n);
        int flips = planted(options.flipRate(), n);
        boolean[] isLookalike = new boolean[n];
        boolean[] isFlipped = new boolean[n];
        for (int j = 0; j < lookalikes; j++) isLookalike[nodulePick[j]] = true;
        for (int j = lookalikes; j < lookalikes + flips; j++) isFlipped[nodulePick[j]] = true;
        int[] views = viewCounts(seed, n);
        int imageCount = java.util.Arrays.stream(views).sum();
        boolean[] hasArtifact = firstOf(new Rng(Rng.mix(seed, STREAM_PICK_ARTIFACT)).permutation(imageCount),
                planted(options.artifactRate(), imageCount));
        boolean[] isDark = firstOf(new Rng(Rng.mix(seed, STREAM_PICK_DARK)).permutation(imageCount),
                planted(options.darkGainRate(), imageCount));
        boolean[] hasShortcut = shortcuts(seed, views, isLookalike, isFlipped, planted(options.shortcutRate(), imageCount));

        StringBuilder manifest = new StringBuilder("image,label,patient,subtype,mask");
        for (Feature f : Feature.values()) manifest.append(',').append(f.column());
        manifest.append('\n');
        StringBuilder truth = new StringBuilder("image,patient,kind,true_label,given_label\n");
        Map<String, Integer> planted = new LinkedHashMap<>();
        for (Kind k : Kind.values()) planted.put(k.column(), 0);
        int benignImages = 0;
        int malignantImages = 0;
        int image = 0;

        BufferedImage canvas = new BufferedImage(options.size(), options.size(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] canvasBytes = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();

        for (int i = 0; i < n; i++) {
            String patient = "n" + String.format(Locale.ROOT, "%0" + idWidth + "d", i + 1);
            Rng rng = new Rng(Rng.mix(Rng.mix(seed, STREAM_NODULE), i));
            Subtype subtype;
            if (isLookalike[i]) {
                subtype = Subtype.FVPTC;
            } else {
                subtype = Subtype.draw(rng, rng.chance(MALIGNANT_SHARE));
            }
            Nodule nodule = new Nodule(rng, subtype);
            String trueLabel = label(subtype.malignant);
            String givenLabel = label(subtype.malignant ^ isFlipped[i]);

            for (int v = 0; v < views[i]; v++, image++) {
                String name = patient + "_" + VIEWS[v] + ".png";
                Rng viewRng = new Rng(Rng.mix(Rng.mix(Rng.mix(seed, STREAM_VIEW), i), v));
                ViewRenderer.View view = ViewRenderer.render(nodule, viewRng, options.size(),
                        hasArtifact[image], isDark[image]);
                if (hasShortcut[image]) {
                    ShortcutMark.paint(new Rng(Rng.mix(Rng.mix(seed, STREAM_PLACE_SHORTCUT), image)), options.size(),
                            view.pixels(), view.mask());
                }
                writePng(canvas, canvasBytes, view.pixels(), images.resolve(name));
                writePng(canvas, canvasBytes, view.mask(), masks.resolve(name));

                manifest.append("images/").append(name).append(',').append(givenLabel).append(',')
                        .append(patient).append(',').append(subtype.column()).append(",masks/").append(name);
                for (Feature f : Feature.values()) manifest.append(',').append(nodule.has(f) ? '1' : '0');
                manifest.append('\n');
                if (subtype.malignant ^ isFlipped[i]) malignantImages++;
                else benignImages++;

                boolean[] kinds = {isFlipped[i], isLookalike[i], hasArtifact[image], isDark[image], hasShortcut[image]};
                for (Kind k : Kind.values()) {
                    if (!kinds[k.ordinal()]) continue;
                    truth.append("images/").append(name).append(',').append(patient).append(',')
                            .append(k.column()).append(',').append(trueLabel).append(',').append(givenLabel)
                            .append('\n');
                    planted.merge(k.column(), 1, Integer::sum);
                }
            }
        }

        Files.writeString(outDir.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("truth.csv"), truth, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("README.txt"), readme(options, planted), StandardCharsets.UTF_8);
        return new Summary(imageCount, n, benignImages, malignantImages, planted);
    }

    /**
     * Which images get a shortcut mark: {@code count} of them, {@link ShortcutMark#MALIGNANT_SHARE}
     * (rounded, as far as there are enough) drawn among the images whose given label is malignant and
     * the rest among the benign ones, each from a stream of its own. The given label is worked out
     * as the main loop does, from a fresh copy of each nodule's stream.
     */
    private static boolean[] shortcuts(long seed, int[] views, boolean[] isLookalike, boolean[] isFlipped, int count) {
        int imageCount = java.util.Arrays.stream(views).sum();
        boolean[] out = new boolean[imageCount];
        if (count == 0) return out;
        java.util.List<Integer> malignant = new java.util.ArrayList<>(), benign = new java.util.ArrayList<>();
        for (int i = 0, image = 0; i < views.length; i++) {
            Rng rng = new Rng(Rng.mix(Rng.mix(seed, STREAM_NODULE), i));
            boolean m = isLookalike[i] ? Subtype.FVPTC.malignant : Subtype.draw(rng, rng.chance(MALIGNANT_SHARE)).malignant;
            for (int v = 0; v < views[i]; v++, image++) (m ^ isFlipped[i] ? malignant : benign).add(image);
        }
        int onMalignant = (int) Math.min(malignant.size(), Math.round(ShortcutMark.MALIGNANT_SHARE * count));
        int onBenign = Math.min(benign.size(), count - onMalignant);
        Rng rng = new Rng(Rng.mix(seed, STREAM_PICK_SHORTCUT));
        int[] pm = rng.permutation(malignant.size());
        for (int j = 0; j < onMalignant; j++) out[malignant.get(pm[j])] = true;
        int[] pb = rng.permutation(benign.size());
        for (int j = 0; j < onBenign; j++) out[benign.get(pb[j])] = true;
        return out;
    }

    /** Views of each nodule, 1 to 4 with equal chances, each nodule from its own stream. */
    static int[] viewCounts(long seed, int nodules) {
        int[] views = new int[nodules];
        for (int i = 0; i < nodules; i++) {
            views[i] = new Rng(Rng.mix(Rng.mix(seed, STREAM_VIEW_COUNT), i)).between(1, VIEWS.length);
        }
        return views;
    }

    private static void prepare(Path outDir) throws IOException {
        if (Files.exists(outDir)) {
            if (!Files.isDirectory(outDir)) throw new BadInputException("output path is a file, not a folder: " + outDir);
            try (Stream<Path> entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException("output folder is not empty: " + outDir);
                }
            }
        }
        Files.createDirectories(outDir);
    }

    private static int planted(double rate, int population) {
        return (int) Math.min(population, Math.round(rate * population));
    }

    private static boolean[] firstOf(int[] permutation, int count) {
        boolean[] chosen = new boolean[permutation.length];
        for (int j = 0; j < count; j++) chosen[permutation[j]] = true;
        return chosen;
    }

    private static String label(boolean malignant) {
        return malignant ? "malignant" : "benign";
    }

    private static void writePng(BufferedImage canvas, byte[] canvasBytes, byte[] pixels, Path file) throws IOException {
        System.arraycopy(pixels, 0, canvasBytes, 0, pixels.length);
        if (!ImageIO.write(canvas, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static String readme(Options o, Map<String, Integer> planted) {
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<String, Integer> e : planted.entrySet()) {
            if (counts.length() > 0) counts.append(", ");
            counts.append(e.getKey()).append(' ').append(e.getValue());
        }
        return String.format(Locale.ROOT,
                "Synthetic ultrasound-like thyroid nodule dataset made by pma. manifest.csv has one row per\n"
                + "image: images/<patient>_<view>.png (grey, %dx%d px; views a to d, 1 to 4 of each nodule),\n"
                + "its label (benign or malignant, as given, so possibly wrong), the patient (nodule id), the\n"
                + "histological subtype, the lesion mask in masks/ (255 inside the nodule) and 0/1 sonographic\n"
                + "features.\n"
                + "\n"
                + "Made with --seed %d --nodules %d --size %d --flip-rate %s --lookalike-rate %s\n"
                + "--artifact-rate %s --dark-gain-rate %s --shortcut-rate %s; the same options give byte-identical files.\n"
                + "truth.csv holds the planted hard cases, one row per image and kind, with the true and given\n"
                + "label; it is the answer key for scoring an analysis, never an input to training.\n"
                + "Planted images: %s.\n",
                o.size(), o.size(), o.seed(), o.nodules(), o.size(), num(o.flipRate()), num(o.lookalikeRate()),
                num(o.artifactRate()), num(o.darkGainRate()), num(o.shortcutRate()), counts);
    }

    private static String num(double d) {
        return Double.toString(d); // Double.toString ignores the locale
    }
}
