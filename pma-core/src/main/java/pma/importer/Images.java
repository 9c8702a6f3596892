package pma.importer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import pma.BadInputException;
import pma.dataset.Preprocessor;

/** Image-file helpers shared by the importers. */
final class Images {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "dcm");

    private Images() {}

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static boolean isImage(Path file) {
        return Files.isRegularFile(file) && EXTENSIONS.contains(extension(file)) && !file.getFileName().toString().startsWith(".");
    }

    /** Width and height from the file header, without decoding the pixels. */
    static int[] size(Path file, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new BadInputException(name + ": not a PNG or JPEG image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read image header (" + e.getMessage() + ")", e);
        }
    }

    /** Decodes with the same checks as training does (size limits, clear errors). */
    static BufferedImage decode(Path file, String name) {
        return Preprocessor.decode(file, name);
    }

    /** True where the mask pixel is lit: any colour channel above half intensity (alpha ignored). */
    static boolean on(BufferedImage mask, int x, int y) {
        return switch (mask.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> mask.getRaster().getSample(x, y, 0) > 127;
            case BufferedImage.TYPE_USHORT_GRAY -> mask.getRaster().getSample(x, y, 0) > 32767;
            default -> {
                int rgb = mask.getRGB(x, y);
                yield ((rgb >> 16) & 0xff) > 127 || ((rgb >> 8) & 0xff) > 127 || (rgb & 0xff) > 127;
            }
        };
    }

    static void writePng(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer");
    }

    /** Number of lesion pixels (255) in a grey mask. */
    static long count(BufferedImage grey) {
        long n = 0;
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) if (grey.getRaster().getSample(x, y, 0) > 127) n++;
        }
        return n;
    }
}
