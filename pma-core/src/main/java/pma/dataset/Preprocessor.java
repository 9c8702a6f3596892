package pma.dataset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import pma.BadInputException;

/**
 * Decodes, crops and resizes every image of a dataset into {@link ImageTensors}.
 *
 * <p>All images are decoded up front, so a corrupt file is reported before any training or
 * writing starts.
 */
public final class Preprocessor {
    /** Images larger than this on either side are refused before their pixels are allocated. */
    public static final int MAX_SIDE = 16384;
    public static final int MIN_SIDE = 8;

    /** How to frame each image before resizing. */
    public enum Crop {
        /** The whole image. */
        NONE,
        /** The lesion mask's bounding box plus a margin (the paper's nodule crop); whole image where no mask. */
        MASK,
        /** The field of view: the box of rows and columns that hold a few non-black pixels (drops black borders). */
        FOV;

        /** The ledger's spelling: none, mask or fov. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Crop of(String code) {
            for (Crop c : values()) if (c.code().equals(code)) return c;
            throw new BadInputException("--crop must be none, mask or fov, got " + code);
        }
    }

    /** Grey level (of 255) above which a pixel counts as inside the field of view. */
    static final int FOV_LEVEL = 10;
    /** Share of a row's (column's) pixels that must be above {@link #FOV_LEVEL} for the row to count. */
    static final double FOV_SHARE = 0.02;

    /**
     * @param size output side in pixels
     * @param channels 1 or 3
     * @param crop framing
     * @param margin extra border around the mask box, as a share of the box side (0.2 = 20%)
     */
    public record Options(int size, int channels, Crop crop, double margin) implements java.io.Serializable {
        public Options {
            if (size < 8 || size > 1024) throw new BadInputException("--size must be between 8 and 1024, got " + size);
            if (channels != 1 && channels != 3) throw new BadInputException("--channels must be 1 or 3, got " + channels);
            if (margin < 0 || margin > 5) throw new BadInputException("--crop-margin must be between 0 and 5, got " + margin);
        }
    }

    private Preprocessor() {}

    public static ImageTensors load(Dataset dataset, Options options) {
        int n = dataset.size();
        float[][] pixels = new float[n][];
        float[][] masks = new float[n][];
        // Independent per image, so parallel decoding keeps results identical.
        IntStream.range(0, n).parallel().forEach(i -> {
            ImageRecord r = dataset.images().get(i);
            BufferedImage image = decode(dataset.resolve(r.id()), r.id());
            BufferedImage mask = r.hasMask() ? decode(dataset.resolve(r.mask()), r.mask()) : null;
            if (mask != null && (mask.getWidth() != image.getWidth() || mask.getHeight() != image.getHeight())) {
                throw new BadInputException(r.mask() + ": mask is " + mask.getWidth() + "x" + mask.getHeight()
                        + " but its image is " + image.getWidth() + "x" + image.getHeight());
            }
            int[] box = {0, 0, image.getWidth(), image.getHeight()};
            if (options.crop() == Crop.MASK && mask != null) box = maskBox(mask, options.margin(), box);
            if (options.crop() == Crop.FOV) box = fovBox(image, box);
            pixels[i] = toFloats(resize(image, box, options.size()), options.channels());
            masks[i] = mask == null ? null : toMask(resize(mask, box, options.size()));
        });
        return new ImageTensors(options.size(), options.channels(), pixels, masks);
    }

    /** Decodes one image (PNG, JPEG, or single-frame DICOM as grey), checking its size from the header first. */
    public static BufferedImage decode(Path file, String name) {
        if (Dicom.is(file)) return Dicom.read(file, name);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new BadInputException(name + ": cannot open image");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadInputException(name + ": not a PNG or JPEG image (unknown format)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new BadInputException(name + ": image is " + w + "x" + h + " pixels; pma accepts at most "
                            + MAX_SIDE + " per side");
                }
                if (w < MIN_SIDE || h < MIN_SIDE) {
                    throw new BadInputException(name + ": image is " + w + "x" + h + " pixels; pma needs at least "
                            + MIN_SIDE + " per side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw new BadInputException(name + ": cannot decode image (" + firstLine(e) + ")", e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static int[] maskBox(BufferedImage mask, double margin, int[] whole) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                if ((mask.getRaster().getSample(x, y, 0)) > 127) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) return whole; // empty mask: keep the whole image
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        int side = (int) Math.round(Math.max(w, h) * (1 + 2 * margin)); // square box keeps the aspect
        int cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        int bx = Math.max(0, cx - side / 2), by = Math.max(0, cy - side / 2);
        int bw = Math.min(side, whole[2] - bx), bh = Math.min(side, whole[3] - by);
        return new int[] {bx, by, bw, bh};
    }

    /**
     * The field of view: first to last row and column in which more than {@link #FOV_SHARE} of the
     * pixels are brighter than {@link #FOV_LEVEL}. Counting a share rather than any bright pixel
     * keeps specks and thin text in a black border from widening the box.
     */
    static int[] fovBox(BufferedImage image, int[] whole) {
        int w = image.getWidth(), h = image.getHeight();
        int[] rows = new int[h], cols = new int[w];
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        var raster = image.getRaster();
        int max = grey ? (1 << image.getColorModel().getComponentSize(0)) - 1 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v;
                if (grey) {
                    v = raster.getSample(x, y, 0) * 255 / max;
                } else {
                    int rgb = image.getRGB(x, y);
                    v = Math.max((rgb >> 16) & 0xff, Math.max((rgb >> 8) & 0xff, rgb & 0xff));
                }
                if (v > FOV_LEVEL) {
                    rows[y]++;
                    cols[x]++;
                }
            }
        }
        double rowMin = Math.max(2, w * FOV_SHARE), colMin = Math.max(2, h * FOV_SHARE); // never a lone speck
        int y0 = first(rows, rowMin), y1 = last(rows, rowMin);
        int x0 = first(cols, colMin), x1 = last(cols, colMin);
        if (y0 < 0 || x0 < 0 || x1 - x0 + 1 < MIN_SIDE || y1 - y0 + 1 < MIN_SIDE) return whole; // black or tiny: keep all
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    private static int first(int[] counts, double min) {
        for (int i = 0; i < counts.length; i++) if (counts[i] > min) return i;
        return -1;
    }

    private static int last(int[] counts, double min) {
        for (int i = counts.length - 1; i >= 0; i--) if (counts[i] > min) return i;
        return -1;
    }

    /** Resizes a region to size×size; halves first when shrinking a lot, so bilinear does not alias. */
    static BufferedImage resize(BufferedImage source, int[] box, int size) {
        BufferedImage current = source.getSubimage(box[0], box[1], box[2], box[3]);
        int type = current.getColorModel().getNumColorComponents() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        int w = current.getWidth(), h = current.getHeight();
        while (w / 2 >= size && h / 2 >= size) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, type);
        }
        return draw(current, size, size, type);
    }

    private static BufferedImage draw(BufferedImage source, int w, int h, int type) {
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static float[] toFloats(BufferedImage image, int channels) {
        int s = image.getWidth();
        float[] out = new float[channels * s * s];
        boolean grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int p = y * s + x;
                if (grey) {
                    float v = image.getRaster().getSample(x, y, 0) / 255f;
                    for (int c = 0; c < channels; c++) out[c * s * s + p] = v;
                } else {
                    int rgb = image.getRGB(x, y);
                    float r = ((rgb >> 16) & 0xff) / 255f, g = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
                    if (channels == 1) {
                        out[p] = 0.299f * r + 0.587f * g + 0.114f * b;
                    } else {
                        out[p] = r;
                        out[s * s + p] = g;
                        out[2 * s * s + p] = b;
                    }
                }
            }
        }
        return out;
    }

    private static float[] toMask(BufferedImage mask) {
        int s = mask.getWidth();
        float[] out = new float[s * s];
        boolean grey = mask.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int v = grey ? mask.getRaster().getSample(x, y, 0) : (mask.getRGB(x, y) >> 8) & 0xff;
                out[y * s + x] = v >= 128 ? 1f : 0f;
            }
        }
        return out;
    }
}
