package pma.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import pma.BadInputException;

/**
 * Imports a public dataset in its original layout into pma's dataset format (DESIGN §4).
 *
 * <p>Each importer checks its options and the source before writing, writes the images, masks,
 * {@code manifest.csv}, a {@code meta.csv} where the source has metadata that is not a feature,
 * and {@code import.txt} (the summary) into a temporary sibling of {@code out}, and renames it into
 * place only at the end: a failed import leaves nothing behind, and an existing non-empty
 * {@code out} is replaced only with {@code force}.
 */
public final class Importers {
    public static final String SUMMARY = "import.txt";

    private Importers() {}

    /**
     * One sub-folder per class, images copied as they are; each image is its own patient.
     *
     * @param classes the two class folders to take, or null for "the only two there are"
     */
    public static ImportSummary folders(Path src, Path out, List<String> classes, boolean force) {
        return run(src, out, force, dir -> FolderImporter.run(src, dir, classes));
    }

    /**
     * BUSI as published ({@code benign/}, {@code malignant/}, {@code normal/}, masks beside their
     * images): masks merged by union; normal images left out, or with {@code keepNormal} labelled
     * benign with subtype {@code normal}.
     */
    public static ImportSummary busi(Path src, Path out, boolean keepNormal, boolean force) {
        return run(src, out, force, dir -> BusiImporter.run(src, dir, keepNormal));
    }

    /**
     * DDTI as published (case XMLs and {@code <case>_<k>.jpg} images anywhere under {@code src}):
     * label from the TI-RADS category, the four feature groups as categorical columns, masks
     * rasterised from the outlines, the case number as patient.
     */
    public static ImportSummary ddti(Path src, Path out, boolean force) {
        return run(src, out, force, dir -> DdtiImporter.run(src, dir));
    }

    /** What an importer produces inside the staging folder. */
    interface Body {
        ImportSummary.Builder write(Path dir) throws IOException;
    }

    private static ImportSummary run(Path src, Path out, boolean force, Body body) {
        checkPaths(src, out);
        try (Staging staging = Staging.open(out, force)) {
            ImportSummary.Builder b = body.write(staging.dir());
            ImportSummary summary = b.build(src, out.toAbsolutePath().normalize());
            Files.write(staging.dir().resolve(SUMMARY), summary.lines());
            staging.commit();
            return summary;
        } catch (IOException e) {
            throw new IllegalStateException("import into " + out + " failed: " + e.getMessage(), e);
        }
    }

    private static void checkPaths(Path src, Path out) {
        if (!Files.isDirectory(src)) throw new BadInputException("source folder not found: " + src);
        Path s = src.toAbsolutePath().normalize(), o = out.toAbsolutePath().normalize();
        if (s.startsWith(o)) throw new BadInputException("--out " + out + " contains the source folder " + src + "; choose another path");
        if (o.startsWith(s)) throw new BadInputException("--out " + out + " lies inside the source folder " + src + "; choose another path");
    }
}
