package pma.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * opened: two classes, unique ids, every image and mask present. Decoding happens later, in
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
        String text;
        try {
            text = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
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
            String image = row.get("image");
            if (image.isEmpty()) throw new BadInputException(manifest + " line " + line + ": empty image path");
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
                throw new BadInputException(manifest + " line " + line + ": duplicate image id '" + image
                        + "' (first at line " + first + ")");
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
        for (CSVRecord row : rows) {
            int line = (int) row.getRecordNumber() + 1;
            String image = row.get("image");
            hashFile(dir, image, manifest, line, "image", digest);
            String mask = header.contains("mask") ? row.get("mask") : "";
            if (!mask.isEmpty()) hashFile(dir, mask, manifest, line, "mask", digest);
            String label = row.get("label");
            int target = label.equals(positive) ? 1 : 0;
            String patient = patientColumn == null ? "" : row.get(patientColumn);
            if (patient.isEmpty()) patient = image; // no patient: each image is its own group
            Integer previous = patientClass.putIfAbsent(patient, target);
            if (previous != null && previous != target) mixed.add(patient);
            Map<String, String> values = new LinkedHashMap<>();
            for (String f : features) values.put(f, row.get(f));
            String subtype = header.contains("subtype") ? row.get("subtype") : "";
            images.add(new ImageRecord(images.size(), image, label, target, patient, subtype, mask, values));
        }
        if (!mixed.isEmpty()) {
            warn.accept("warning: " + mixed.size() + " patient(s) have images in both classes (e.g. "
                    + mixed.first() + "); they are stratified by their majority label");
        }
        String fingerprint = HexFormat.of().formatHex(digest.digest());
        return new Dataset(dir.toAbsolutePath().normalize(), List.copyOf(images), negative, positive, features, fingerprint);
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
