package pma.opinions;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;
import pma.io.CsvTable;

/**
 * Out-of-sample probabilities from any framework, in cleanlab's layout as {@code pma analyze}
 * writes it: {@code pred_probs.csv} (a header of class names, then one column per class in class
 * order) and {@code labels.csv} (a {@code label} column with the given class index, optionally an
 * {@code image} column), row for row.
 *
 * @param classes class names, in class order
 * @param probabilities one row per image, one probability per class
 * @param labels given class index per image
 * @param images image ids from labels.csv, or empty strings when it has no image column
 */
public record PredictionFiles(List<String> classes, double[][] probabilities, int[] labels, List<String> images) {
    /** How far a row's probabilities may sum from 1 (rounding in the exporting framework). */
    public static final double SUM_TOLERANCE = 0.01;

    /** Reads and checks both files; any fault is a {@link BadInputException} naming the file and line. */
    public static PredictionFiles read(Path predProbs, Path labelsFile) throws IOException {
        List<CSVRecord> p = records(predProbs);
        List<CSVRecord> l = records(labelsFile);
        List<String> classes = p.get(0).toList();
        int k = classes.size();
        if (k < 2) throw new BadInputException(predProbs + ": needs one column per class, at least 2, found " + k);
        if (p.size() != l.size()) {
            throw new BadInputException(predProbs + " has " + (p.size() - 1) + " rows but " + labelsFile + " has "
                    + (l.size() - 1));
        }
        if (p.size() == 1) throw new BadInputException(predProbs + ": no rows after the header");
        List<String> header = l.get(0).toList();
        int labelColumn = header.indexOf("label"), imageColumn = header.indexOf("image");
        if (labelColumn < 0) throw new BadInputException(labelsFile + ": needs a column named label, found " + header);

        int n = p.size() - 1;
        double[][] probabilities = new double[n][k];
        int[] labels = new int[n];
        List<String> images = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            CSVRecord row = p.get(x + 1);
            String where = predProbs + " line " + row.getRecordNumber() + ": ";
            if (row.size() != k) throw new BadInputException(where + row.size() + " values, the header has " + k);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double v = number(row.get(j), where);
                if (!(v >= 0 && v <= 1)) throw new BadInputException(where + "probability " + row.get(j) + " is not in [0, 1]");
                probabilities[x][j] = v;
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new BadInputException(where + "probabilities sum to " + sum + ", not 1");
            }
            CSVRecord lab = l.get(x + 1);
            String lwhere = labelsFile + " line " + lab.getRecordNumber() + ": ";
            if (lab.size() != header.size()) {
                throw new BadInputException(lwhere + lab.size() + " values, the header has " + header.size());
            }
            String s = lab.get(labelColumn).strip();
            int label;
            try {
                label = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(lwhere + "label " + s + " is not a class index");
            }
            if (label < 0 || label >= k) {
                throw new BadInputException(lwhere + "label " + label + " is not a class index 0.." + (k - 1));
            }
            labels[x] = label;
            images.add(imageColumn < 0 ? "" : lab.get(imageColumn));
        }
        return new PredictionFiles(List.copyOf(classes), probabilities, labels, List.copyOf(images));
    }

    /** Confident learning on these probabilities. */
    public ConfidentLearning.Result confidentLearning() {
        return ConfidentLearning.of(labels, probabilities, classes.size());
    }

    /** One row per image, in input order; the score columns are those of images.csv. */
    public CsvTable table(ConfidentLearning.Result r) {
        CsvTable t = new CsvTable(List.of("row", "image", "label", "cl_self_confidence", "cl_normalized_margin",
                "cl_label_issue"));
        for (int x = 0; x < labels.length; x++) {
            t.row(x, images.get(x), labels[x], r.selfConfidence()[x], r.normalizedMargin()[x], r.labelIssue()[x]);
        }
        return t;
    }

    private static List<CSVRecord> records(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException("no such file: " + file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<CSVRecord> out = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(r).getRecords();
            if (out.isEmpty()) throw new BadInputException(file + ": empty, needs a header row");
            return out;
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new BadInputException(file + ": not a CSV file (" + e.getMessage() + ")", e);
        }
    }

    private static double number(String s, String where) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(where + "'" + s + "' is not a number");
        }
    }
}
