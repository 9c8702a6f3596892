package pma.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import pma.BadInputException;
import pma.analysis.AnalysisResult;
import pma.analysis.cam.CamAnalysis;
import pma.analysis.cam.CamGrid;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.io.TempFiles;
import pma.ledger.Ledger;

/**
 * Pictures of class-activation maps: for one image and one model, the image as the network saw
 * it (after crop and resize) next to the same image under the model's mean map, upsampled
 * bilinearly and coloured with the jet colour map at {@link #ALPHA} opacity, the lesion outline
 * where a mask exists, and the map's own resolution written on it (a 5×5 map upsampled looks
 * smooth but says no more than 25 numbers).
 *
 * <p>An empty map (no positive value in any run) is drawn as no colour at all and labelled
 * "empty map", never as a uniformly hot image.
 */
public final class Overlays {
    /** Opacity of the colour map over the image. */
    public static final double ALPHA = 0.4;
    /** Side of each of the two panels, in pixels. */
    public static final int PANEL = 192;
    private static final int CAPTION = 48;

    private final CamAnalysis.Result cams;
    private final Map<Integer, ImageTensors> loaded = new HashMap<>();

    private Overlays(CamAnalysis.Result cams) {
        this.cams = cams;
    }

    /** Overlays of already aggregated maps; null draws nothing. */
    public static Overlays of(CamAnalysis.Result cams) {
        return new Overlays(cams);
    }

    /**
     * Overlays of the ledger's maps of {@code method} for {@code target}; without such maps, an
     * instance that draws nothing (its {@link #dataUris} are empty).
     */
    public static Overlays load(Ledger ledger, AnalysisResult analysis, String method, String target) {
        try {
            return new Overlays(CamAnalysis.of(ledger, analysis, method, target));
        } catch (BadInputException noMaps) {
            return new Overlays(null);
        }
    }

    /**
     * For the report's gallery: one PNG data URI per model that has maps of {@code imageIndex}
     * (Grad-CAM of the predicted class), in model order; empty when the ledger holds no maps.
     * Loads the maps on each call: for many images, {@link #load} once and call {@link #dataUris(int)}.
     */
    public static Map<String, String> dataUris(Ledger ledger, AnalysisResult analysis, int imageIndex) {
        return load(ledger, analysis, "gradcam", "predicted").dataUris(imageIndex);
    }

    /** The aggregated maps drawn, or null when there are none. */
    public CamAnalysis.Result cams() {
        return cams;
    }

    /**
     * One data URI per model with maps of {@code imageIndex}, in model order: image and overlay side
     * by side, captioned. JPEG ({@link #JPEG_QUALITY}): a speckled ultrasound panel is a fifth of its
     * PNG size, and the files {@link #write} saves stay lossless PNG.
     */
    public Map<String, String> dataUris(int imageIndex) {
        return uris(imageIndex, false);
    }

    /**
     * As {@link #dataUris(int)}, but only the overlay panel ({@link #PANEL} pixels square, the map's
     * resolution written on it), for pages that show the image itself elsewhere.
     */
    public Map<String, String> overlayDataUris(int imageIndex) {
        return uris(imageIndex, true);
    }

    /**
     * The overlay panels of {@link #overlayDataUris(int)} as pictures, by model in model order; for
     * pages that load each picture from their own server.
     */
    public Map<String, BufferedImage> overlayPanels(int imageIndex) {
        Map<String, BufferedImage> out = new LinkedHashMap<>();
        if (cams == null) return out;
        for (CamAnalysis.ImageCam c : cams.of(imageIndex)) out.put(c.model(), render(c).getSubimage(PANEL, 0, PANEL, PANEL));
        return out;
    }

    private Map<String, String> uris(int imageIndex, boolean overlayOnly) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cams == null) return out;
        if (overlayOnly) {
            overlayPanels(imageIndex).forEach((model, img) -> out.put(model, jpegDataUri(img)));
            return out;
        }
        for (CamAnalysis.ImageCam c : cams.of(imageIndex)) out.put(c.model(), jpegDataUri(render(c)));
        return out;
    }

    /**
     * Writes one PNG per model for each image into {@code dir}, named after the image id and the
     * model; images without maps are skipped.
     *
     * @return the files written
     */
    public List<Path> write(List<Integer> images, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (cams == null) return files;
        Dataset d = cams.analysis().dataset();
        for (int i : images) {
            for (CamAnalysis.ImageCam c : cams.of(i)) {
                Files.createDirectories(dir);
                Path file = dir.resolve(fileName(d.images().get(i).id()) + "__" + fileName(c.model()) + ".png");
                Path tmp = TempFiles.newFile(dir, ".overlay", ".tmp");
                try {
                    Files.write(tmp, png(render(c)));
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                files.add(file);
            }
        }
        return files;
    }

    /** The side-by-side picture of one image under one model. */
    public BufferedImage render(CamAnalysis.ImageCam c) {
        ImageRecord record = cams.analysis().dataset().images().get(c.image());
        ImageTensors t = preprocessed(record);
        BufferedImage base = t == null ? null : toImage(t.pixels()[0], t.channels(), t.size());
        float[] mask = t == null ? null : t.masks()[0];
        return render(base, c.empty() ? null : c.meanMap(), c.height(), c.width(), mask, t == null ? 0 : t.size(),
                caption(record, c));
    }

    /**
     * Draws the two panels. Package-visible so tests can check the pixels.
     *
     * @param base the image as the network saw it, or null when unavailable
     * @param map the map (values in [0, 1]), or null when empty
     * @param mask lesion mask ({@code maskSize²}, positive inside), or null
     */
    static BufferedImage render(BufferedImage base, float[] map, int h, int w, float[] mask, int maskSize,
                                String[] caption) {
        BufferedImage out = new BufferedImage(2 * PANEL, PANEL + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        BufferedImage panel = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        if (base != null) {
            Graphics2D p = panel.createGraphics();
            p.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            p.drawImage(base, 0, 0, PANEL, PANEL, null);
            p.dispose();
        }
        BufferedImage overlay = blend(panel, map, h, w);
        if (mask != null) outline(overlay, mask, maskSize);
        g.drawImage(panel, 0, 0, null);
        g.drawImage(overlay, PANEL, 0, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String label = map == null ? "empty map" : h + "×" + w + " map";
        int tw = g.getFontMetrics().stringWidth(label);
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(2 * PANEL - tw - 10, 2, tw + 8, 16);
        g.setColor(Color.WHITE);
        g.drawString(label, 2 * PANEL - tw - 6, 14);
        if (base == null) g.drawString("image unavailable", 8, PANEL / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < caption.length && k < 3; k++) g.drawString(caption[k], 6, PANEL + 14 + 14 * k);
        g.dispose();
        return out;
    }

    /** The panel under the jet-coloured map; a null (empty) map leaves the panel as it is. */
    static BufferedImage blend(BufferedImage panel, float[] map, int h, int w) {
        BufferedImage out = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        float[] up = map == null ? null : CamGrid.resize(map, h, w, PANEL, PANEL);
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                int rgb = panel.getRGB(x, y);
                if (up != null) {
                    int[] c = jet(up[y * PANEL + x]);
                    int r = mix((rgb >> 16) & 0xff, c[0]), gg = mix((rgb >> 8) & 0xff, c[1]), b = mix(rgb & 0xff, c[2]);
                    rgb = (r << 16) | (gg << 8) | b;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** The jet colour map: dark blue at 0, through cyan, yellow, to dark red at 1. */
    static int[] jet(double v) {
        double t = Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
        return new int[] {channel(1.5 - Math.abs(4 * t - 3)), channel(1.5 - Math.abs(4 * t - 2)),
                channel(1.5 - Math.abs(4 * t - 1))};
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    private static int mix(int base, int colour) {
        return (int) Math.round((1 - ALPHA) * base + ALPHA * colour);
    }

    /** A thin white line along the lesion mask's border. */
    private static void outline(BufferedImage img, float[] mask, int size) {
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                boolean in = inside(mask, size, x, y);
                if (in && (!inside(mask, size, x - 1, y) || !inside(mask, size, x + 1, y)
                        || !inside(mask, size, x, y - 1) || !inside(mask, size, x, y + 1))) {
                    img.setRGB(x, y, 0xFFFFFF);
                }
            }
        }
    }

    private static boolean inside(float[] mask, int size, int x, int y) {
        if (x < 0 || y < 0 || x >= PANEL || y >= PANEL) return false;
        return mask[(y * size / PANEL) * size + x * size / PANEL] > 0;
    }

    private String[] caption(ImageRecord r, CamAnalysis.ImageCam c) {
        String focus = Double.isNaN(c.lesionFocus()) ? "" : String.format(Locale.ROOT, " · lesion focus %.2f", c.lesionFocus());
        String stable = Double.isNaN(c.stability()) ? "" : String.format(Locale.ROOT, " · stability %.2f", c.stability());
        return new String[] {
            r.id() + " (" + r.label() + ")",
            String.format(Locale.ROOT, "%s · %s of the %s class · mean of %d map(s)%s", c.model(), cams.method(),
                    cams.target(), c.runs() - c.emptyMaps(), c.emptyMaps() > 0 ? " (" + c.emptyMaps() + " empty)" : ""),
            (stable + focus).replaceFirst("^ · ", "")
        };
    }

    /** The image and mask as the network saw them, or null when the dataset cannot be read. */
    private ImageTensors preprocessed(ImageRecord r) {
        return loaded.computeIfAbsent(r.index(), k -> {
            Dataset d = cams.analysis().dataset();
            Dataset one = new Dataset(d.root(), List.of(r), d.negativeClass(), d.positiveClass(), d.featureColumns(),
                    d.fingerprint());
            try {
                return Preprocessor.load(one, cams.analysis().config().preprocessing());
            } catch (BadInputException e) {
                return null;
            }
        });
    }

    private static BufferedImage toImage(float[] pixels, int channels, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            int r = byteOf(pixels[p]);
            int g = channels == 3 ? byteOf(pixels[plane + p]) : r;
            int b = channels == 3 ? byteOf(pixels[2 * plane + p]) : r;
            img.setRGB(p % size, p / size, (r << 16) | (g << 8) | b);
        }
        return img;
    }

    private static int byteOf(float v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    /** JPEG quality of embedded pictures: no visible loss on speckle and colour maps (see OverlaysTest). */
    public static final float JPEG_QUALITY = 0.85f;

    /** A picture as a JPEG data URI at {@link #JPEG_QUALITY}. */
    public static String jpegDataUri(BufferedImage img) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(img));
    }

    static byte[] jpeg(BufferedImage img) {
        // A copy: the JPEG writer mis-reads sub-images that share a larger raster.
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream b = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(b)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(img, "png", b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file-name-safe form of an image id or model name. */
    static String fileName(String s) {
        String base = s.replaceAll("\\.(png|jpe?g|PNG|JPE?G)$", "");
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
