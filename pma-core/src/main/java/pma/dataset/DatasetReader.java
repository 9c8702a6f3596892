package pma.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import pma.BadInputException;

/**
 * Reads and validates a dataset folder (DESIGN §4): {@code manifest.csv} plus the files it names.
 *
 * <p>Validation is complete before anything is returned, so callers can rely on a dataset that
 * opened: two classes, unique ids (an image's id is its normalised path, and no file is listed
 * twice under two names), every image and mask present. Decoding happens later, in
 * {@link Preprocessor}, which reports corrupt files the same way.
 */
public final class DatasetReader {
    public static final String MANIFEST = "manifest.csv";
    private static final Set<String> RESERVED = Set.of("image", "label", "patient", "patient_id", "subtype", "mask");

    private DatasetReader() {}

    /**
     * Reads {@code dir/manifest.csv}.
     *
     * @param positiveClass the label to treat as positive, or null for the default
     *     ({@code malignant} when present, else the second label in sorted order)
     * @param warn receives one-line warnings (for example a patient with images in both classes)
     */
    public static Dataset read(Path dir, String positiveClass, Consumer<String> warn) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("dataset folder not found: " + dir);
        }
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new BadInputException("no " + MANIFEST + " in " + dir);
        }
        String text = utf8(manifest);
        if (text.startsWith("\uFEFF")) text = text.substring(1); // UTF-8 byte order mark from spreadsheet tools

        List<CSVRecord> rows;
        List<String> header;
        try (Reader r = new StringReader(text);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).get().parse(r)) {
            header = parser.getHeaderNames();
            rows = parser.getRecords();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(manifest + ": not a valid CSV file (" + e.getMessage() + ")", e);
        }
        for (String required : List.of("image", "label")) {
            if (!header.contains(required)) {
                throw new BadInputException(manifest + ": missing required column '" + required + "' (columns: "
                        + String.join(", ", header) + ")");
            }
        }
        String patientColumn = header.contains("patient") ? "patient" : header.contains("patient_id") ? "patient_id" : null;
        List<String> features = header.stream().filter(h -> !RESERVED.contains(h) && !h.isBlank()).toList();
        if (rows.isEmpty()) {
            throw new BadInputException(manifest + ": no images listed");
        }

        TreeSet<String> labels = new TreeSet<>();
        Map<String, Integer> firstRow = new HashMap<>();
        for (CSVRecord row : rows) {
            int line = (int) row.getRecordNumber() + 1; // header is line 1
            if (!row.isConsistent()) {
                throw new BadInputException(manifest + " line " + line + ": expected " + header.size()
                        + " fields, found " + row.size());
            }
            String written = row.get("image");
            if (written.isEmpty()) throw new BadInputException(manifest + " line " + line + ": empty image path");
            String image = id(dir, written, manifest, line, "image");
            String label = row.get("label");
            if (label.isEmpty()) throw new BadInputException(manifest + " line " + line + ": missing label for " + image);
            labels.add(label);
            if (labels.size() > 2) {
                throw new BadInputException(manifest + " line " + line + ": unknown label '" + label
                        + "'; pma needs exactly two classes, already saw "
                        + String.join(" and ", labels.stream().filter(l -> !l.equals(label)).toList()));
            }
            Integer first = firstRow.putIfAbsent(image, line);
            if (first != null) {
                String also = written.equals(image) ? "" : ", written '" + written + "' here";
                throw new BadInputException(manifest + " line " + line + ": duplicate image id '" + image
                        + "' (first at line " + first + also + ")");
            }
        }
        if (labels.size() < 2) {
            throw new BadInputException(manifest + ": only one class (" + labels.first() + "); pma needs two");
        }
        String positive = positiveClass != null ? positiveClass
                : labels.contains("malignant") ? "malignant" : labels.last();
        if (!labels.contains(positive)) {
            throw new BadInputException("positive class '" + positive + "' is not a label of " + manifest
                    + " (labels: " + String.join(", ", labels) + ")");
        }
        String negative = labels.first().equals(positive) ? labels.last() : labels.first();

        MessageDigest digest = sha256();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        List<ImageRecord> images = new ArrayList<>(rows.size());
        Map<String, Integer> patientClass = new HashMap<>();
        TreeSet<String> mixed = new TreeSet<>();
        Map<Object, String> fileFirst = new HashMap<>(); // a file's identity -> where it was first listed
        List<Integer> noPatient = new ArrayList<>();
        for (CSVRecord row : rows) {
            int line = (int) row.getRecordNumber() + 1;
            String written = row.get("image");
            String image = id(dir, written, manifest, line, "image");
            hashFile(dir, written, manifest, line, "image", digest);
            String sameFile = fileFirst.putIfAbsent(fileKey(dir.resolve(image), manifest, line), "'" + image + "' at line " + line);
            if (sameFile != null) {
                throw new BadInputException(manifest + " line " + line + ": image '" + image + "' is the same file as "
                        + sameFile + " (a link); list each image once");
            }
            String mask = header.contains("mask") ? row.get("mask") : "";
            if (!mask.isEmpty()) hashFile(dir, mask, manifest, line, "mask", digest);
            String label = row.get("label");
            int target = label.equals(positive) ? 1 : 0;
            String patient = patientColumn == null ? "" : row.get(patientColumn);
            if (patient.isEmpty()) {
                patient = image; // no patient: the image is its own group
                if (patientColumn != null) noPatient.add(line);
            }
            Integer previous = patientClass.putIfAbsent(patient, target);
            if (previous != null && previous != target) mixed.add(patient);
            Map<String, String> values = new LinkedHashMap<>();
            for (String f : features) values.put(f, row.get(f));
            String subtype = header.contains("subtype") ? row.get("subtype") : "";
            images.add(new ImageRecord(images.size(), image, label, target, patient, subtype, mask, values));
        }
        if (!noPatient.isEmpty()) {
            warn.accept("warning: " + noPatient.size() + " image(s) have an empty " + patientColumn + " cell (" + manifest
                    + " line" + (noPatient.size() > 1 ? "s " : " ")
                    + String.join(", ", noPatient.stream().limit(5).map(String::valueOf).toList())
                    + (noPatient.size() > 5 ? ", ..." : "") + "); each is its own group, apart from any other views of its patient");
        }
        if (!mixed.isEmpty()) {
            warn.accept("warning: " + mixed.size() + " patient(s) have images in both classes (e.g. "
                    + mixed.first() + "); they are stratified by their majority label");
        }
        String fingerprint = HexFormat.of().formatHex(digest.digest());
        return new Dataset(dir.toAbsolutePath().normalize(), List.copyOf(images), negative, positive, features, fingerprint);
    }

    /**
     * The image's id: its path relative to the folder, normalised ({@code ./a.png}, {@code b/../a.png}
     * and {@code a//a.png} are all {@code a.png}) with {@code /} between names, so one file has one id
     * however the manifest spells it and ledgers keep the same ids.
     */
    private static String id(Path dir, String written, Path manifest, int line, String what) {
        Path root = dir.toAbsolutePath().normalize();
        Path file = root.resolve(written).normalize();
        if (!file.startsWith(root)) {
            throw new BadInputException(manifest + " line " + line + ": " + what + " path leaves the dataset folder: " + written);
        }
        List<String> names = new ArrayList<>();
        for (Path name : root.relativize(file)) names.add(name.toString());
        return String.join("/", names);
    }

    /** What identifies the file itself, so two names of one file (a link) are found: inode, else the real path. */
    private static Object fileKey(Path file, Path manifest, int line) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(manifest + " line " + line + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** The manifest's text; anything but UTF-8 is refused naming the line and the encoding it seems to be. */
    private static String utf8(Path manifest) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (IOException e) {
            throw new BadInputException(manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
        boolean utf16 = bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE
                || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF);
        if (utf16) {
            throw new BadInputException(manifest + ": the file is UTF-16 (it starts with a UTF-16 byte order mark); "
                    + "save it as UTF-8");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new BadInputException(String.format("%s line %d: byte 0x%02X is not UTF-8; save the manifest as UTF-8",
                    manifest, line, bytes[at] & 0xFF));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            long line = text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw new BadInputException(manifest + " line " + line
                    + ": NUL byte; the file looks like UTF-16 without a byte order mark; save it as UTF-8");
        }
        return text;
    }

    private static void hashFile(Path dir, String relative, Path manifest, int line, String what, MessageDigest digest) {
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new BadInputException(manifest + " line " + line + ": " + what + " path leaves the dataset folder: " + relative);
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(manifest + " line " + line + ": " + what + " file not found: " + relative);
        }
        digest.update(relative.getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new BadInputException(relative + ": cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
