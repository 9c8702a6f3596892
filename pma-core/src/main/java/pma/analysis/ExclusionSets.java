package pma.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.io.CsvTable;
import pma.ledger.Ledger;
import pma.ledger.StoredExclusionSets;
import pma.split.Seeds;

/**
 * Named sets of images left out of training and validation in a retraining: the current flags, a
 * user's list, or a random control of the same size and class mix. Stored in the ledger's
 * {@code exclusion_set} table, so every retrained run can be traced to the images it lacked.
 */
public final class ExclusionSets {
    /** Name of the set of images flagged by the analysis. */
    public static final String FLAGGED = "flagged";
    /** Name of the set at the default cut of pma's order of suspicion ({@link AnalysisResult#suspect}). */
    public static final String SUSPECT = "suspect";

    private static final long STREAM_RANDOM = 0x52414E44L;

    private ExclusionSets() {}

    /** {@code file:<file name>}: the name of a set read from a file. */
    public static String fileName(Path file) {
        return "file:" + file.getFileName();
    }

    /** {@code random:<base>}: the name of the random control of set {@code base}. */
    public static String randomName(String base) {
        return "random:" + base;
    }

    /**
     * Reads image ids from {@code file}: a CSV whose header has an {@code image} column, or else one id
     * per line (blank lines skipped).
     *
     * @return image indices of {@code dataset}, in ascending order
     * @throws BadInputException naming the file and line of an unknown id, or when the file lists none
     */
    public static SortedSet<Integer> read(Path file, Dataset dataset) {
        if (!Files.isRegularFile(file)) throw new BadInputException("--exclude: file not found: " + file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Map<String, Integer> index = new HashMap<>();
        for (ImageRecord r : dataset.images()) index.put(r.id(), r.index());
        // (line, id) pairs in file order
        List<Map.Entry<Integer, String>> ids = new ArrayList<>();
        String firstLine = text.lines().findFirst().orElse("");
        if (isCsvWithImageColumn(firstLine)) {
            try (Reader r = new StringReader(text); CSVParser parser = CSVFormat.DEFAULT.builder().setHeader()
                    .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get().parse(r)) {
                for (CSVRecord row : parser) {
                    String id = row.isSet("image") ? row.get("image") : "";
                    if (!id.isEmpty()) ids.add(Map.entry((int) row.getRecordNumber() + 1, id));
                }
            } catch (IOException | RuntimeException e) {
                throw new BadInputException(file + ": not a valid CSV file (" + e.getMessage() + ")", e);
            }
        } else {
            List<String> lines = text.lines().toList();
            for (int k = 0; k < lines.size(); k++) {
                String id = lines.get(k).strip();
                if (!id.isEmpty()) ids.add(Map.entry(k + 1, id));
            }
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (Map.Entry<Integer, String> e : ids) {
            Integer i = index.get(e.getValue());
            // An id from one of pma's own tables, where a formula-like id was written with a leading quote.
            if (i == null) i = index.get(CsvTable.original(e.getValue()));
            if (i == null) {
                throw new BadInputException(file + " line " + e.getKey() + ": unknown image '" + e.getValue()
                        + "' (not in the ledger's dataset)");
            }
            out.add(i);
        }
        if (out.isEmpty()) throw new BadInputException(file + ": lists no images to exclude");
        return out;
    }

    private static boolean isCsvWithImageColumn(String firstLine) {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get().parse(new StringReader(firstLine))) {
            for (CSVRecord r : p) return r.toList().contains("image");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * A random control for {@code excluded}: as many images of each class, drawn without replacement
     * among the images not in it.
     *
     * @param seed the draw depends only on it, the targets and the excluded set
     * @throws BadInputException when a class has too few images left to match
     */
    public static SortedSet<Integer> randomControl(SortedSet<Integer> excluded, int[] targets, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeSet<Integer> out = new TreeSet<>();
        for (int c = 0; c <= 1; c++) {
            int want = 0;
            for (int i : excluded) if (targets[i] == c) want++;
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < targets.length; i++) if (targets[i] == c && !excluded.contains(i)) pool.add(i);
            if (pool.size() < want) {
                throw new BadInputException("cannot draw a random control: " + want + " image(s) of class " + c
                        + " are excluded but only " + pool.size() + " others are left");
            }
            // Partial Fisher–Yates: the first `want` positions end up a uniform sample.
            for (int k = 0; k < want; k++) {
                int j = k + random.nextInt(pool.size() - k);
                Integer t = pool.get(k);
                pool.set(k, pool.get(j));
                pool.set(j, t);
                out.add(pool.get(k));
            }
        }
        return out;
    }

    /** The seed of the random control of set {@code base} in an experiment with base seed {@code seed}. */
    public static long randomSeed(long seed, String base) {
        return Seeds.derive(seed, STREAM_RANDOM, base.hashCode());
    }

    /** Every stored set, by name (sorted), with ascending image indices. */
    public static Map<String, SortedSet<Integer>> load(Ledger ledger) {
        return StoredExclusionSets.load(ledger);
    }

    /**
     * Stores the sets in one transaction; a set already stored under the same name must hold the
     * same images (a resumed retraining), else nothing is written.
     *
     * @throws BadInputException when a name is stored with other images
     */
    public static void store(Ledger ledger, Map<String, SortedSet<Integer>> sets) {
        Map<String, SortedSet<Integer>> stored = load(ledger);
        for (Map.Entry<String, SortedSet<Integer>> e : sets.entrySet()) {
            SortedSet<Integer> old = stored.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                throw new BadInputException(ledger.file() + ": exclusion set '" + e.getKey() + "' is already stored with "
                        + old.size() + " image(s) that differ from the " + e.getValue().size()
                        + " given now; retrain with the same set (same analysis options or file)");
            }
        }
        Map<String, SortedSet<Integer>> added = new TreeMap<>();
        sets.forEach((name, images) -> {
            if (!stored.containsKey(name)) added.put(name, images);
        });
        StoredExclusionSets.add(ledger, added);
    }
}
