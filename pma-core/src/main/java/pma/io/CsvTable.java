package pma.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * A CSV table that pandas and R read as they are: snake_case header, {@code \n} line ends,
 * numbers in plain decimal notation, missing values as empty cells, booleans as true/false.
 *
 * <p>{@link #write} goes through a temporary file and an atomic rename, so a reader never sees a
 * half-written table.
 *
 * <p>Spreadsheets run a cell that starts with {@code = + - @}, tab or carriage return as a formula,
 * and pma's tables carry text from manifests, ledgers and reviewers (image ids, patients, labels,
 * subtypes, feature values, notes). So, as OWASP recommends against CSV injection, such a cell
 * (header cells included) is written with a single quote in front and in double quotes:
 * {@code =HYPERLINK(...)} becomes {@code "'=HYPERLINK(...)"}. A cell that is a plain decimal number
 * ({@code -0.03}, {@code -2}, {@code +1e-5}) is left alone: a spreadsheet reads it as a number, never
 * a formula, and numbers must stay numbers. Tables that pma reads back as data (a dataset's
 * {@code manifest.csv}, see {@link #verbatim}) are written as they are, since the quote would
 * change the file names and labels they list.
 */
public final class CsvTable {
    private static final CSVFormat MINIMAL = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    private static final CSVFormat QUOTED = MINIMAL.builder().setQuoteMode(QuoteMode.ALL).get();
    /** A plain decimal number, as pma writes them and spreadsheets read them. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean neutralise;

    public CsvTable(List<String> header) {
        this(header, true);
    }

    private CsvTable(List<String> header, boolean neutralise) {
        this.header = List.copyOf(header);
        this.neutralise = neutralise;
    }

    /** A table pma reads back as data (a manifest): cells are written verbatim, never neutralised. */
    public static CsvTable verbatim(List<String> header) {
        return new CsvTable(header, false);
    }

    public CsvTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) r.add(cell(c));
        rows.add(r);
        return this;
    }

    public CsvTable row(List<?> cells) {
        return row(cells.toArray());
    }

    public int size() {
        return rows.size();
    }

    static String cell(Object c) {
        if (c == null) return "";
        if (c instanceof Double d) return number(d);
        if (c instanceof Float f) return number(f.doubleValue());
        return c.toString();
    }

    /** Whether a spreadsheet would take the cell for a formula: see the class comment. */
    static boolean formulaLike(String cell) {
        if (cell.isEmpty()) return false;
        char c = cell.charAt(0);
        boolean trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return trigger && !NUMBER.matcher(cell).matches();
    }

    /**
     * The text behind a cell as {@link #write} left it: a formula-like text it prefixed with a quote
     * is given back without the quote, any other cell as it is. For reading pma's own tables back.
     */
    public static String original(String cell) {
        return cell.startsWith("'") && formulaLike(cell.substring(1)) ? cell.substring(1) : cell;
    }

    /** Six significant decimals is plenty for probabilities and AUCs and keeps files diff-friendly. */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return "";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TempFiles.newFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                record(w, header);
                for (List<String> r : rows) record(w, r);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void record(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (neutralise && formulaLike(c)) QUOTED.print("'" + c, w, i == 0);
            else MINIMAL.print(c, w, i == 0);
        }
        w.write('\n');
    }
}
