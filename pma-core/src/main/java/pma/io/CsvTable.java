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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV table that pandas and R read as they are: snake_case header, {@code \n} line ends,
 * numbers in plain decimal notation, missing values as empty cells, booleans as true/false.
 *
 * <p>{@link #write} goes through a temporary file and an atomic rename, so a reader never sees a
 * half-written table.
 */
public final class CsvTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
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
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
                p.printRecord(header);
                for (List<String> r : rows) p.printRecord(r);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
