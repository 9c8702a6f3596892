package pma.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import pma.BadInputException;

/**
 * What an import wrote and what it left out, as printed and saved in {@code import.txt}.
 *
 * @param format the source layout (folders, busi, ddti)
 * @param source the folder read
 * @param out the dataset folder written
 * @param images images per label, in label order
 * @param patients number of distinct patients (groups)
 * @param masks images with a non-empty lesion mask
 * @param skipped reason to number of files or cases left out
 * @param notes further lines (caveats, value normalisations)
 */
public record ImportSummary(String format, Path source, Path out, Map<String, Integer> images, int patients, int masks,
                            Map<String, Integer> skipped, List<String> notes) {
    public ImportSummary {
        images = Map.copyOf(images);
        skipped = Map.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    public int total() {
        return images.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The summary as text lines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("pma import " + format + " " + source);
        out.add(total() + " images (" + images.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + "), "
                + patients + " patients, " + masks + " with a lesion mask");
        skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add("left out: " + e.getValue() + " " + e.getKey()));
        out.addAll(notes);
        out.add("written to " + this.out);
        return out;
    }

    /** Collects the counts while an importer writes. */
    static final class Builder {
        private final String format;
        private final Map<String, Integer> images = new TreeMap<>();
        private final Set<String> patients = new HashSet<>();
        private final Map<String, Integer> skipped = new TreeMap<>();
        private final List<String> notes = new ArrayList<>();
        private int masks;

        Builder(String format) {
            this.format = format;
        }

        void image(String label, String patient, boolean hasMask) {
            images.merge(label, 1, Integer::sum);
            patients.add(patient);
            if (hasMask) masks++;
        }

        void skip(String reason, int count) {
            if (count > 0) skipped.merge(reason, count, Integer::sum);
        }

        void note(String line) {
            notes.add(line);
        }

        /** Checks that the result is a usable dataset (two classes) and freezes the counts. */
        ImportSummary build(Path source, Path out) {
            if (images.size() < 2) {
                throw new BadInputException(source + ": found " + (images.isEmpty() ? "no images"
                        : "images of one class only (" + images.keySet().iterator().next() + ")") + "; pma needs two classes");
            }
            return new ImportSummary(format, source, out, images, patients.size(), masks, skipped, notes);
        }
    }
}
