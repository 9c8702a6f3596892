package pma.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import pma.BadInputException;
import pma.io.CsvTable;

/**
 * {@code pma import ddti}: the Digital Database of Thyroid Ultrasound Images as published, one
 * {@code <case>.xml} per case (TI-RADS, four sonographic feature groups, nodule outlines per
 * image) and images {@code <case>_<k>.jpg}, anywhere under the source folder.
 */
final class DdtiImporter {
    private static final Pattern IMAGE = Pattern.compile("^(\\d+)_(\\d+)\\.(jpg|jpeg|png)$", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FEATURES = List.of("composition", "echogenicity", "margins", "calcifications");

    private DdtiImporter() {}

    /** One outline: polygon vertices in image pixels. */
    record Outline(int image, double[] xs, double[] ys) {}

    /** One case XML. */
    record Case(String number, String tirads, Map<String, String> features, String sex, String age, String note,
                List<Outline> outlines, Path file) {}

    static ImportSummary.Builder run(Path src, Path dir) throws IOException {
        List<Path> xmls = new ArrayList<>();
        Map<String, Path> imageFiles = new TreeMap<>();
        int other = 0;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    xmls.add(f);
                } else if (IMAGE.matcher(name).matches()) {
                    String key = name.substring(0, name.lastIndexOf('.'));
                    Path previous = imageFiles.putIfAbsent(key, f);
                    if (previous != null) {
                        throw new BadInputException(src + ": two images for " + key + ": " + src.relativize(previous)
                                + " and " + src.relativize(f));
                    }
                } else {
                    other++;
                }
            }
        }
        ImportSummary.Builder summary = new ImportSummary.Builder("ddti");
        summary.skip("other files (not <case>.xml nor <case>_<k>.jpg)", other);
        DocumentBuilder parser = parser();
        Map<String, Case> cases = new TreeMap<>(DdtiImporter::compareNumbers);
        int notCases = 0;
        for (Path xml : xmls) {
            Case c = parse(parser, xml, src);
            if (c == null) {
                notCases++;
                continue;
            }
            Case previous = cases.putIfAbsent(c.number(), c);
            if (previous != null) {
                throw new BadInputException(src.relativize(xml) + ": case " + c.number() + " is also described in "
                        + src.relativize(previous.file()));
            }
        }
        summary.skip("XML files that are not DDTI cases", notCases);
        if (cases.isEmpty()) throw new BadInputException(src + ": no DDTI case XML (<case><number>...) found");

        Map<String, List<String>> imagesOfCase = new HashMap<>();
        int orphanImages = 0;
        for (String key : imageFiles.keySet()) {
            String number = key.substring(0, key.indexOf('_'));
            if (cases.containsKey(number)) imagesOfCase.computeIfAbsent(number, k -> new ArrayList<>()).add(key);
            else orphanImages++;
        }
        summary.skip("images without a case XML", orphanImages);

        CsvTable manifest = CsvTable.verbatim(List.of("image", "label", "patient", "mask", "tirads",
                "composition", "echogenicity", "margins", "calcifications"));
        CsvTable meta = new CsvTable(List.of("image", "sex", "age", "n_outlines", "radiologist_note", "source"));
        Map<String, Integer> unusable = new TreeMap<>();
        int unusableImages = 0, casesWithoutImages = 0, outlinesWithoutImage = 0, twoOutlines = 0;
        Map<String, Integer> unrecognised = new TreeMap<>();
        for (Case c : cases.values()) {
            List<String> keys = imagesOfCase.getOrDefault(c.number(), List.of());
            keys.sort(DdtiImporter::compareNumbers);
            String label = label(c.tirads());
            if (keys.isEmpty()) {
                casesWithoutImages++;
                continue;
            }
            if (label == null) {
                unusable.merge(c.tirads().isEmpty() ? "(empty)" : c.tirads(), keys.size(), Integer::sum);
                unusableImages += keys.size();
                continue;
            }
            for (Outline o : c.outlines()) {
                if (!keys.contains(c.number() + "_" + o.image())) outlinesWithoutImage++;
            }
            for (String key : keys) {
                Path file = imageFiles.get(key);
                String image = "images/" + file.getFileName();
                int k = Integer.parseInt(key.substring(key.indexOf('_') + 1));
                List<Outline> outlines = c.outlines().stream().filter(o -> o.image() == k).toList();
                int[] size = Images.size(file, src.relativize(file).toString());
                String mask = "";
                if (!outlines.isEmpty()) {
                    BufferedImage m = rasterise(outlines, size[0], size[1]);
                    if (Images.count(m) > 0) {
                        mask = "masks/" + key + ".png";
                        Images.writePng(m, dir.resolve(mask));
                    }
                }
                if (outlines.size() == 2) twoOutlines++;
                Path target = dir.resolve(image);
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
                List<Object> row = new ArrayList<>(List.of(image, label, c.number(), mask, c.tirads()));
                for (String f : FEATURES) {
                    String v = c.features().get(f);
                    if (!v.isEmpty() && !Vocabulary.known(f, v)) unrecognised.merge(f + " '" + v + "'", 1, Integer::sum);
                    row.add(v);
                }
                manifest.row(row);
                meta.row(image, c.sex(), c.age(), outlines.size(), c.note(), src.relativize(file).toString().replace('\\', '/'));
                summary.image(label, c.number(), !mask.isEmpty());
            }
        }
        if (unusableImages > 0) {
            summary.skip("images of cases whose TI-RADS is not 2, 3, 4a, 4b, 4c or 5 (" + String.join(", ",
                    unusable.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")", unusableImages);
        }
        summary.skip("cases without image files", casesWithoutImages);
        summary.skip("outlines that name an image file not found", outlinesWithoutImage);
        summary.note("label from TI-RADS (2, 3 benign; 4a, 4b, 4c, 5 malignant): a risk category, not histology");
        if (twoOutlines > 0) {
            summary.note(twoOutlines + " images have two outlines (often two views side by side, or two nodules)");
        }
        unrecognised.forEach((v, n) -> summary.note("unrecognised " + v + " kept as written (" + n + " images)"));
        summary.note("the original frames keep a bottom strip with burned-in text (sometimes the TI-RADS category);"
                + " consider --crop mask");
        manifest.write(dir.resolve("manifest.csv"));
        meta.write(dir.resolve("meta.csv"));
        return summary;
    }

    static String label(String tirads) {
        return switch (tirads) {
            case "2", "3" -> "benign";
            case "4a", "4b", "4c", "5" -> "malignant";
            default -> null;
        };
    }

    /** Parses a case XML, or returns null when the file is not one. */
    static Case parse(DocumentBuilder parser, Path xml, Path src) {
        String where = src.relativize(xml).toString();
        Document doc;
        try {
            doc = parser.parse(xml.toFile());
        } catch (Exception e) {
            throw new BadInputException(where + ": not valid XML (" + firstLine(e) + ")", e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("case")) return null;
        String number = text(root, "number");
        if (!number.matches("\\d+")) throw new BadInputException(where + ": <number> must be a case number, got '" + number + "'");
        number = Integer.toString(Integer.parseInt(number));
        Map<String, String> features = new HashMap<>();
        for (String f : FEATURES) features.put(f, Vocabulary.normalise(f, text(root, f)));
        String sex = text(root, "sex").toUpperCase(Locale.ROOT);
        if (!sex.equals("F") && !sex.equals("M")) sex = "";
        List<Outline> outlines = new ArrayList<>();
        NodeList marks = root.getElementsByTagName("mark");
        for (int i = 0; i < marks.getLength(); i++) {
            Element mark = (Element) marks.item(i);
            String k = text(mark, "image");
            if (!k.matches("\\d+")) throw new BadInputException(where + ": <mark> with <image> '" + k + "', expected a number");
            outlines.addAll(outlines(Integer.parseInt(k), text(mark, "svg"), where));
        }
        return new Case(number, text(root, "tirads").toLowerCase(Locale.ROOT), features, sex, text(root, "age"),
                text(root, "reporteco"), outlines, xml);
    }

    /** The {@code <svg>} element holds JSON: a list of regions, each with a list of points. */
    static List<Outline> outlines(int image, String svg, String where) {
        if (svg.isBlank()) return List.of();
        JsonNode regions;
        try {
            regions = JSON.readTree(svg);
        } catch (IOException e) {
            throw new BadInputException(where + ": outline of image " + image + " is not valid JSON (" + firstLine(e) + ")", e);
        }
        List<Outline> out = new ArrayList<>();
        for (JsonNode region : regions) {
            JsonNode points = region.path("points");
            if (points.size() < 3) continue; // a point or a line encloses nothing
            double[] xs = new double[points.size()], ys = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                JsonNode p = points.get(i);
                if (!p.path("x").isNumber() || !p.path("y").isNumber()) {
                    throw new BadInputException(where + ": outline of image " + image + " has a point without numeric x and y");
                }
                xs[i] = p.get("x").asDouble();
                ys[i] = p.get("y").asDouble();
            }
            out.add(new Outline(image, xs, ys));
        }
        return out;
    }

    /** Fills the outlines (non-zero winding, so a self-crossing freehand outline has no holes) into a grey mask. */
    static BufferedImage rasterise(List<Outline> outlines, int width, int height) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(java.awt.Color.WHITE);
        for (Outline o : outlines) {
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
            path.moveTo(o.xs()[0], o.ys()[0]);
            for (int i = 1; i < o.xs().length; i++) path.lineTo(o.xs()[i], o.ys()[i]);
            path.closePath();
            g.fill(path);
        }
        g.dispose();
        return mask;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Case files come from the web: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Numeric order for case numbers and {@code case_k} keys. */
    static int compareNumbers(String a, String b) {
        Matcher ma = NUMBERS.matcher(a), mb = NUMBERS.matcher(b);
        if (ma.matches() && mb.matches()) {
            int c = Long.compare(Long.parseLong(ma.group(1)), Long.parseLong(mb.group(1)));
            if (c != 0) return c;
            String ka = ma.group(2), kb = mb.group(2);
            if (ka != null && kb != null) return Long.compare(Long.parseLong(ka), Long.parseLong(kb));
        }
        return a.compareTo(b);
    }

    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)(?:_(\\d+))?$");

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
