package pma.importer;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DDTI's feature values as written in its case files, mapped to one spelling each
 * (for example {@code "ill- defined"} and {@code "ill defined"} to {@code ill_defined}).
 */
final class Vocabulary {
    private static final Map<String, Map<String, String>> SYNONYMS = Map.of(
            "composition", Map.of("dense", "solid", "predominantly solid", "predominantly_solid",
                    "predominantly cystic", "predominantly_cystic"),
            "echogenicity", Map.of("hyperechogenicity", "hyperechoic", "isoechogenicity", "isoechoic",
                    "hypoechogenicity", "hypoechoic", "marked hypoechogenicity", "marked_hypoechoic",
                    "marked hypoechoic", "marked_hypoechoic"),
            "margins", Map.of("well defined smooth", "well_defined", "well defined", "well_defined",
                    "ill- defined", "ill_defined", "ill defined", "ill_defined"),
            "calcifications", Map.of("microcalcification", "micro", "microcalcifications", "micro",
                    "macrocalcification", "macro", "macrocalcifications", "macro", "non", "none"));

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "composition", Set.of("solid", "predominantly_solid", "predominantly_cystic", "cystic", "spongiform"),
            "echogenicity", Set.of("hyperechoic", "isoechoic", "hypoechoic", "marked_hypoechoic"),
            "margins", Set.of("well_defined", "ill_defined", "microlobulated", "macrolobulated", "spiculated"),
            "calcifications", Set.of("none", "micro", "macro"));

    private Vocabulary() {}

    /** One spelling per value: known synonyms mapped, anything else lower-case with spaces as underscores. */
    static String normalise(String feature, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (v.isEmpty()) return "";
        String mapped = SYNONYMS.get(feature).get(v);
        return mapped != null ? mapped : v.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    static boolean known(String feature, String value) {
        return KNOWN.get(feature).contains(value);
    }
}
