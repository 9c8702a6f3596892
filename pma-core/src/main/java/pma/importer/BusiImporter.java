package pma.importer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pma.BadInputException;
import pma.io.CsvTable;

/**
 * {@code pma import busi}: the Breast Ultrasound Images dataset as published, one folder per
 * class, each image {@code benign (12).png} beside its masks {@code benign (12)_mask.png},
 * {@code benign (12)_mask_1.png}, ...
 */
final class BusiImporter {
    static final List<String> CLASSES = List.of("benign", "malignant", "normal");
    private static final Pattern MASK = Pattern.compile("^(.*)_mask(?:_\\d+)?$");
    private static final Pattern NUMBERED = Pattern.compile("^[A-Za-z]+ \\((\\d+)\\)$");

    private BusiImporter() {}

    /** An original image and its masks. */
    private record Entry(Path image, List<Path> masks) {}

    static ImportSummary.Builder run(Path src, Path dir, boolean keepNormal) throws IOException {
        for (String c : List.of("benign", "malignant")) {
            if (!Files.isDirectory(src.resolve(c))) {
                throw new BadInputException(src + ": no " + c + "/ folder (BUSI's layout is benign/, malignant/ and normal/)");
            }
        }
        ImportSummary.Builder summary = new ImportSummary.Builder("busi");
        List<String> header = new ArrayList<>(List.of("image", "label", "mask"));
        if (keepNormal) header.add("subtype");
        CsvTable manifest = CsvTable.verbatim(header);
        CsvTable meta = new CsvTable(List.of("image", "original_name", "width", "height", "n_masks"));
        int multiMask = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String cls : CLASSES) {
            Path classDir = src.resolve(cls);
            if (!Files.isDirectory(classDir)) {
                if (keepNormal && cls.equals("normal")) summary.note("no normal/ folder: nothing to keep");
                continue;
            }
            Map<String, Entry> entries = scan(classDir, summary);
            if (cls.equals("normal") && !keepNormal) {
                summary.skip("normal images (pma needs two classes; --keep-normal merges them into benign)", entries.size());
                continue;
            }
            String label = cls.equals("normal") ? "benign" : cls;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                String originalName = entry.image().getFileName().toString();
                String id = cls + "_" + shortName(e.getKey());
                if (!ids.add(id)) {
                    throw new BadInputException(classDir.resolve(originalName) + ": another image of " + cls
                            + "/ gets the same new name " + id + "; rename one of them");
                }
                String image = "images/" + id + "." + Images.extension(entry.image());
                int[] size = Images.size(entry.image(), cls + "/" + originalName);
                BufferedImage union = null;
                for (Path m : entry.masks()) {
                    BufferedImage mask = Images.decode(m, cls + "/" + m.getFileName());
                    if (mask.getWidth() != size[0] || mask.getHeight() != size[1]) {
                        throw new BadInputException(cls + "/" + m.getFileName() + ": mask is " + mask.getWidth() + "x"
                                + mask.getHeight() + " but its image is " + size[0] + "x" + size[1]);
                    }
                    if (union == null) union = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < size[1]; y++) {
                        for (int x = 0; x < size[0]; x++) if (Images.on(mask, x, y)) union.getRaster().setSample(x, y, 0, 255);
                    }
                }
                String maskPath = "";
                if (union != null && Images.count(union) > 0) {
                    maskPath = "masks/" + id + ".png";
                    Images.writePng(union, dir.resolve(maskPath));
                }
                if (entry.masks().size() > 1) multiMask++;
                Path target = dir.resolve(image);
                Files.createDirectories(target.getParent());
                Files.copy(entry.image(), target);
                List<Object> row = new ArrayList<>(List.of(image, label, maskPath));
                if (keepNormal) row.add(cls);
                manifest.row(row);
                meta.row(image, cls + "/" + originalName, size[0], size[1], entry.masks().size());
                summary.image(label, image, !maskPath.isEmpty());
            }
        }
        if (multiMask > 0) summary.note(multiMask + " images have several lesion masks, merged by union (n_masks in meta.csv)");
        if (keepNormal) summary.note("normal images are labelled benign; the subtype column keeps the original class");
        summary.note("BUSI has no patient ids: each image is its own patient, so near-duplicate images may fall on both"
                + " sides of a split; burned-in text and calipers appear in many images");
        manifest.write(dir.resolve("manifest.csv"));
        meta.write(dir.resolve("meta.csv"));
        return summary;
    }

    /** Images of one class folder by base name (without extension), each with its masks. */
    private static Map<String, Entry> scan(Path classDir, ImportSummary.Builder summary) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(classDir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, Path> images = new TreeMap<>(BusiImporter::compareNames);
        Map<String, List<Path>> masks = new TreeMap<>();
        int other = 0;
        for (Path f : files) {
            if (!Images.isImage(f)) {
                other++;
                continue;
            }
            String name = f.getFileName().toString();
            String base = name.substring(0, name.lastIndexOf('.'));
            Matcher m = MASK.matcher(base);
            if (m.matches()) masks.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
            else if (images.putIfAbsent(base, f) != null) {
                throw new BadInputException(classDir.resolve(name) + ": two images named " + base + " with different extensions");
            }
        }
        summary.skip("files that are not PNG or JPEG images", other);
        int orphans = 0;
        for (String base : masks.keySet()) if (!images.containsKey(base)) orphans++;
        summary.skip("masks without their image", orphans);
        Map<String, Entry> out = new TreeMap<>(BusiImporter::compareNames);
        images.forEach((base, file) -> out.put(base, new Entry(file, masks.getOrDefault(base, List.of()))));
        int without = (int) out.values().stream().filter(e -> e.masks().isEmpty()).count();
        if (without > 0) summary.note(without + " images of " + classDir.getFileName() + "/ have no mask file");
        return out;
    }

    /** {@code benign (12)} becomes {@code 012}; other names keep their letters and digits. */
    static String shortName(String base) {
        Matcher m = NUMBERED.matcher(base);
        if (m.matches()) return String.format("%03d", Integer.parseInt(m.group(1)));
        return base.replaceAll("[^A-Za-z0-9_-]+", "_");
    }

    /** Orders {@code x (2)} before {@code x (10)}. */
    static int compareNames(String a, String b) {
        Matcher ma = NUMBERED.matcher(a), mb = NUMBERED.matcher(b);
        if (ma.matches() && mb.matches()) {
            int c = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
            if (c != 0) return c;
        }
        return a.compareTo(b);
    }
}
