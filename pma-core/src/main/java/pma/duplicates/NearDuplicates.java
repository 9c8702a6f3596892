package pma.duplicates;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.dataset.Preprocessor;
import pma.io.CsvTable;

/**
 * Finds pairs of near-identical images, above all those filed under different labels: a copy of
 * one image under both classes is a label error that no classifier can resolve, and a copy in two
 * patient groups leaks between training and test.
 *
 * <p>Two images are near-duplicates when their perceptual hashes differ in at most
 * {@code maxDistance} bits or their 16×16 thumbnails correlate at {@code minCorrelation} or more
 * (see {@link PerceptualHash}). All pairs are compared: about a second per thousand images once the
 * images are decoded.
 */
public final class NearDuplicates {
    private NearDuplicates() {}

    /**
     * @param maxDistance most differing hash bits for a pair (0..64)
     * @param minCorrelation least thumbnail correlation for a pair (above 1 = hash only)
     */
    public record Options(int maxDistance, double minCorrelation) {
        public Options {
            if (maxDistance < 0 || maxDistance > 64) {
                throw new BadInputException("--max-distance must be between 0 and 64, got " + maxDistance);
            }
            if (!(minCorrelation > 0)) throw new BadInputException("--min-correlation must be above 0, got " + minCorrelation);
        }

        public static Options defaults() {
            return new Options(6, 0.95);
        }
    }

    /** One manifest row. */
    public record Entry(String image, String label, String patient) {}

    /** Two near-identical images; {@code a} comes first in the manifest. */
    public record Pair(Entry a, Entry b, int distance, double correlation) {
        public boolean labelConflict() {
            return !a.label().equals(b.label());
        }

        public boolean samePatient() {
            return a.patient().equals(b.patient());
        }
    }

    /** The images read and the pairs found, label conflicts first, then closest first. */
    public record Result(List<Entry> images, List<Pair> pairs) {
        public List<Pair> conflicts() {
            return pairs.stream().filter(Pair::labelConflict).toList();
        }
    }

    /**
     * Reads a manifest (a dataset folder's {@code manifest.csv}, or a manifest file given directly, with
     * image paths relative to its folder) and compares every pair of its images.
     */
    public static Result find(Path data, Options options) {
        Path manifest = Files.isDirectory(data) ? data.resolve("manifest.csv") : data;
        List<Entry> entries = read(manifest);
        Path root = manifest.toAbsolutePath().getParent();
        PerceptualHash.Print[] prints = new PerceptualHash.Print[entries.size()];
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            String id = entries.get(i).image();
            prints[i] = PerceptualHash.of(Preprocessor.decode(root.resolve(id), id));
        });
        return new Result(entries, pairs(entries, List.of(prints), options));
    }

    /** Every pair of near-identical images among {@code prints} (aligned with {@code entries}). */
    public static List<Pair> pairs(List<Entry> entries, List<PerceptualHash.Print> prints, Options options) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < prints.size(); i++) {
            for (int j = i + 1; j < prints.size(); j++) {
                int d = PerceptualHash.distance(prints.get(i).hash(), prints.get(j).hash());
                double r = prints.get(i).correlation(prints.get(j));
                if (d <= options.maxDistance() || r >= options.minCorrelation()) {
                    out.add(new Pair(entries.get(i), entries.get(j), d, r));
                }
            }
        }
        out.sort(Comparator.comparing((Pair p) -> !p.labelConflict()).thenComparingInt(Pair::distance)
                .thenComparingDouble(p -> -p.correlation()));
        return out;
    }

    /** {@code near_duplicates.csv}. */
    public static CsvTable table(Result r) {
        CsvTable t = new CsvTable(List.of("image_a", "image_b", "label_a", "label_b", "patient_a", "patient_b",
                "hash_distance", "thumbnail_correlation", "label_conflict", "same_patient"));
        for (Pair p : r.pairs()) {
            t.row(p.a().image(), p.b().image(), p.a().label(), p.b().label(), p.a().patient(), p.b().patient(),
                    p.distance(), p.correlation(), p.labelConflict(), p.samePatient());
        }
        return t;
    }

    private static List<Entry> read(Path manifest) {
        if (!Files.isRegularFile(manifest)) throw new BadInputException("manifest not found: " + manifest);
        String text;
        try {
            text = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Entry> out = new ArrayList<>();
        try (Reader r = new StringReader(text); CSVParser p = CSVFormat.DEFAULT.builder().setHeader()
                .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get().parse(r)) {
            List<String> header = p.getHeaderNames();
            for (String required : List.of("image", "label")) {
                if (!header.contains(required)) {
                    throw new BadInputException(manifest + ": missing required column '" + required + "'");
                }
            }
            String patient = header.contains("patient") ? "patient" : header.contains("patient_id") ? "patient_id" : null;
            for (CSVRecord rec : p) {
                if (!rec.isConsistent()) {
                    throw new BadInputException(manifest + " line " + (rec.getRecordNumber() + 1) + ": expected "
                            + header.size() + " fields, found " + rec.size());
                }
                String image = rec.get("image");
                String group = patient == null || rec.get(patient).isEmpty() ? image : rec.get(patient);
                out.add(new Entry(image, rec.get("label"), group));
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new BadInputException(manifest + ": not a valid CSV file (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) throw new BadInputException(manifest + ": no images listed");
        return out;
    }
}
