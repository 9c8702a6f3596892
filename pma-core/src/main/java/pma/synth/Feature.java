package pma.synth;

import java.util.Locale;

/** The annotated sonographic features, in manifest column order. */
enum Feature {
    HYPOECHOIC,
    MARKED_HYPOECHOIC,
    IRREGULAR_SHAPE,
    ILL_DEFINED_MARGINS,
    TALLER_THAN_WIDE,
    MICROCALCIFICATIONS,
    MACROCALCIFICATIONS,
    HALO,
    CYSTIC_PART,
    SPONGIFORM;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
