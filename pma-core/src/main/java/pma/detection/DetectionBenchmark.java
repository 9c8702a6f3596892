package pma.detection;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.io.CsvTable;
import pma.opinions.SecondOpinions;

/**
 * Scores every detector against planted truth: once for all label-error kinds together, then for
 * each kind alone (the other error kinds left out of that row).
 */
public final class DetectionBenchmark {
    /** Planted kinds that are label errors by construction; artifacts and dark gain are not. */
    public static final Set<String> ERROR_KINDS = Set.of("label_flip", "lookalike_subtype");

    private DetectionBenchmark() {}

    /** One detector against one truth ("all" or a kind). */
    public record Row(String detector, String truth, String cut, Detection.Score score) {}

    /** {@code truth.csv} (columns {@code image} and {@code kind}): image id to its planted kinds. */
    public static Map<String, Set<String>> readTruth(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException("no truth file: " + file);
        Map<String, Set<String>> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                out.computeIfAbsent(rec.get("image"), k -> new TreeSet<>()).add(rec.get("kind"));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": needs columns image and kind (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /**
     * @param imageIds image ids in manifest order (the detectors' index order)
     * @param truth image id to planted kinds
     */
    public static List<Row> score(List<SecondOpinions.Detector> detectors, List<String> imageIds,
                                  Map<String, Set<String>> truth) {
        int n = imageIds.size();
        Set<String> kinds = errorKinds(truth);
        List<String> truths = new ArrayList<>();
        truths.add("all");
        if (kinds.size() > 1) truths.addAll(kinds);
        List<Row> rows = new ArrayList<>();
        for (String which : truths) {
            boolean[] bad = new boolean[n], include = new boolean[n];
            for (int i = 0; i < n; i++) {
                Set<String> ks = truth.getOrDefault(imageIds.get(i), Set.of());
                boolean anyError = ks.stream().anyMatch(ERROR_KINDS::contains);
                bad[i] = which.equals("all") ? anyError : ks.contains(which);
                include[i] = which.equals("all") || bad[i] || !anyError;
            }
            for (SecondOpinions.Detector d : detectors) {
                rows.add(new Row(d.name(), which, d.cut(), Detection.score(d.suspicion(), d.flagged(), bad, include)));
            }
        }
        return rows;
    }

    /** The label-error kinds present in {@code truth}, sorted. */
    public static Set<String> errorKinds(Map<String, Set<String>> truth) {
        TreeSet<String> kinds = new TreeSet<>();
        truth.values().forEach(ks -> ks.stream().filter(ERROR_KINDS::contains).forEach(kinds::add));
        return kinds;
    }

    public static CsvTable table(List<Row> rows) {
        CsvTable t = new CsvTable(List.of("detector", "truth", "images", "positives", "flagged", "true_positives", "precision",
                "recall", "f1", "average_precision", "cut"));
        for (Row r : rows) {
            Detection.Score s = r.score();
            t.row(r.detector(), r.truth(), s.images(), s.positives(), s.flagged(), s.truePositives(), s.precision(), s.recall(),
                    s.f1(), s.averagePrecision(), r.cut());
        }
        return t;
    }
}
