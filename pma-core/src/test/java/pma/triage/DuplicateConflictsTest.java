package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import pma.duplicates.NearDuplicates;

class DuplicateConflictsTest {
    static NearDuplicates.Entry e(String image, String label) {
        return new NearDuplicates.Entry(image, label, image);
    }

    @Test
    void eachImageGetsItsFirstPartnerUnderTheOtherLabel() {
        List<NearDuplicates.Pair> pairs = List.of(
                new NearDuplicates.Pair(e("a", "benign"), e("b", "malignant"), 0, 1.0),
                new NearDuplicates.Pair(e("a", "benign"), e("c", "malignant"), 3, 0.97),
                new NearDuplicates.Pair(e("c", "malignant"), e("d", "malignant"), 1, 0.99), // same label: no conflict
                new NearDuplicates.Pair(e("x", "benign"), e("e", "malignant"), 2, 0.98)); // x is not in the dataset
        assertThat(DuplicateConflicts.of(List.of("a", "b", "c", "d", "e"), pairs))
                .containsExactly("b", "a", "a", "", "x");
    }
}
