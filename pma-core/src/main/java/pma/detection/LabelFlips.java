package pma.detection;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageRecord;
import pma.split.Seeds;

/**
 * Plants label errors with a known answer: a copy of a dataset whose labels are flipped for a
 * seeded random share of patient groups.
 *
 * <p>The copy is a folder with its own {@code manifest.csv} (every column kept, only the label of
 * the chosen groups changed), {@code truth.csv} in the synthetic dataset's layout (one
 * {@code label_flip} row per flipped image) and the images and masks as symbolic links to the
 * originals (copies where the file system has no links). Flipping whole groups keeps the images of
 * one patient consistent with each other, as real labelling mistakes are.
 */
public final class LabelFlips {
    private LabelFlips() {}

    /** What was written: images and groups in the dataset, and how many of each were flipped. */
    public record Summary(int images, int groups, int flippedImages, int flippedGroups) {}

    /**
     * Writes the flipped copy of {@code source} into {@code target} (which must not exist or be empty).
     *
     * @param rate share of patient groups to flip, in [0, 0.5]; the count is rounded, not drawn
     * @param seed chooses the groups
     */
    public static Summary write(Path source, Path target, double rate, long seed) throws IOException {
        if (!(rate >= 0 && rate <= 0.5)) throw new BadInputException("--flip-rate must be between 0 and 0.5, got " + rate);
        Dataset dataset = DatasetReader.read(source, null, w -> { });
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) throw new BadInputException("folder is not empty: " + target);
            }
        }
        Set<String> flipped = chooseGroups(dataset, rate, seed);

        Files.createDirectories(target);
        String text = Files.readString(source.resolve(DatasetReader.MANIFEST), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<CSVRecord> rows;
        List<String> header;
        try (Reader r = new StringReader(text); CSVParser p = CSVFormat.DEFAULT.builder().setHeader()
                .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get().parse(r)) {
            header = p.getHeaderNames();
            rows = p.getRecords();
        }
        int labelColumn = header.indexOf("label");
        StringBuilder truth = new StringBuilder("image,patient,kind,true_label,given_label\n");
        int flippedImages = 0;
        try (Writer w = Files.newBufferedWriter(target.resolve(DatasetReader.MANIFEST), StandardCharsets.UTF_8);
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            out.printRecord(header);
            for (int i = 0; i < rows.size(); i++) {
                ImageRecord image = dataset.images().get(i);
                List<String> cells = new ArrayList<>(rows.get(i).toList());
                if (flipped.contains(image.patient())) {
                    String given = image.target() == 1 ? dataset.negativeClass() : dataset.positiveClass();
                    cells.set(labelColumn, given);
                    truth.append(csv(image.id())).append(',').append(csv(image.patient())).append(",label_flip,")
                            .append(csv(image.label())).append(',').append(csv(given)).append('\n');
                    flippedImages++;
                }
                out.printRecord(cells);
            }
        }
        Files.writeString(target.resolve("truth.csv"), truth, StandardCharsets.UTF_8);
        for (ImageRecord image : dataset.images()) {
            link(source, target, image.id());
            if (image.hasMask()) link(source, target, image.mask());
        }
        return new Summary(dataset.size(), (int) dataset.patientCount(), flippedImages, flipped.size());
    }

    /** The groups to flip: a seeded shuffle of the groups in manifest order, first {@code round(rate * groups)}. */
    static Set<String> chooseGroups(Dataset dataset, double rate, long seed) {
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(List.of(dataset.patients())));
        java.util.Collections.shuffle(groups, new Random(Seeds.derive(seed, 0x666c6970L)));
        int count = (int) Math.round(rate * groups.size());
        return new LinkedHashSet<>(groups.subList(0, count));
    }

    private static void link(Path source, Path target, String relative) throws IOException {
        Path to = target.resolve(relative);
        if (Files.exists(to)) return;
        Files.createDirectories(to.toAbsolutePath().getParent());
        Path from = source.resolve(relative).toAbsolutePath().normalize();
        try {
            Files.createSymbolicLink(to, from);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(from, to);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
