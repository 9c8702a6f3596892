package pma.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SubtypeTest {
    @Test
    void weightsOfEachClassSumToOne() {
        double benign = 0;
        double malignant = 0;
        for (Subtype s : Subtype.values()) {
            if (s.malignant) malignant += s.weight;
            else benign += s.weight;
        }
        assertThat(benign).isCloseTo(1.0, within(1e-12));
        assertThat(malignant).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void markedHypoechoicIsASubsetOfHypoechoic() {
        for (Subtype s : Subtype.values()) {
            assertThat(s.rate(Feature.MARKED_HYPOECHOIC)).as(s.name()).isLessThanOrEqualTo(s.rate(Feature.HYPOECHOIC));
        }
    }

    @Test
    void lookalikeIsMalignantWithBenignRates() {
        assertThat(Subtype.FVPTC.malignant).isTrue();
        assertThat(Subtype.FVPTC.rate(Feature.HYPOECHOIC))
                .isCloseTo(0.5 * 0.10 + 0.3 * 0.15 + 0.2 * 0.30, within(1e-12));
        for (Feature f : Feature.values()) {
            assertThat(Subtype.FVPTC.rate(f)).isEqualTo(Subtype.benignRate(f));
        }
    }

    @Test
    void malignantSignsAreCommonerInMalignantSubtypes() {
        for (Feature f : new Feature[] {Feature.HYPOECHOIC, Feature.IRREGULAR_SHAPE, Feature.ILL_DEFINED_MARGINS,
                Feature.TALLER_THAN_WIDE, Feature.MICROCALCIFICATIONS}) {
            assertThat(classRate(true, f)).as(f.name()).isGreaterThan(classRate(false, f));
        }
        for (Feature f : new Feature[] {Feature.HALO, Feature.CYSTIC_PART, Feature.SPONGIFORM,
                Feature.MACROCALCIFICATIONS}) {
            assertThat(classRate(false, f)).as(f.name()).isGreaterThan(classRate(true, f));
        }
    }

    @Test
    void drawingNeverYieldsTheLookalike() {
        Rng rng = new Rng(1);
        for (int i = 0; i < 2000; i++) {
            Subtype s = Subtype.draw(rng, i % 2 == 0);
            assertThat(s).isNotEqualTo(Subtype.FVPTC);
            assertThat(s.malignant).isEqualTo(i % 2 == 0);
        }
    }

    private static double classRate(boolean malignant, Feature f) {
        double sum = 0;
        for (Subtype s : Subtype.values()) {
            if (s.malignant == malignant) sum += s.weight * s.rate(f);
        }
        return sum;
    }
}
