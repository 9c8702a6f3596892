package pma.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import pma.analysis.AnalysisOptions;
import pma.analysis.FlagRule;
import pma.ledger.Ledger;

/**
 * The sample ledger with test probabilities set by hand, so that every triage figure the review app
 * shows can be worked out on paper. 40 images, one per patient (p0..p39), even indices benign
 * (class 0), odd malignant (class 1); the quick profile tests each image three times per model
 * (quick_cnn, quick_resnet), six times in all, at threshold 0.5. p(·) below is the probability of
 * malignant, the same in every test unless a list gives it by test (1st, 2nd, 3rd of each model).
 *
 * <ul>
 *   <li>3 (malignant): 0.10 by quick_cnn, 0.15 by quick_resnet: wrong 6 of 6; p(benign) 0.90 and 0.85.
 *   <li>5 (malignant): 0.20: wrong 6 of 6; p(benign) 0.80.
 *   <li>7 (malignant): 0.40: wrong 6 of 6; p(benign) 0.60.
 *   <li>17 (malignant): 0.02 by quick_cnn, 0.35 by quick_resnet: wrong 6 of 6; p(benign) 0.98 and 0.65. Its file
 *       is a copy of image 16's (benign).
 *   <li>10 (benign): 0.6, 0.4, 0.6: wrong 4 of 6 (F 0.67).
 *   <li>A = 18, 20, ..., 38 (benign): 0.3, 0.4, 0.3: right.
 *   <li>the other 24 images: 0.8 if malignant, 0.2 if benign: right.
 * </ul>
 *
 * <p>Flagged at a fixed θ = 0.6 (pooled F above it): 3, 17, 5, 7 (F 1) and 10 (F 0.67). The review
 * order is pma's rank, here sla_group (no feature distances), which depends on which images share each
 * run's test fold; computed with numpy from the ledger's predictions: 17 (2.213), 3 (2.191),
 * 10 (1.687), 7 (1.648), 5 (1.340). (The paper's order by F would be 3, 17, 5, 7, 10.)
 *
 * <p>Label issues: each model's confident-learning threshold for benign is the mean p(benign) of the
 * 20 benign images, (11 × 2/3 + 8 × 0.8 + 1 × 7/15) / 20 = 14.2 / 20 = 0.71. Images 3 (lowest 0.85)
 * and 5 (0.80) reach it under both models and are wrong in more than half their tests; 17 does not
 * under quick_resnet (0.65), nor 7 (0.60). No patient has a second image.
 *
 * <p>Ambiguity: mean |p - 0.5| is 0.100 for image 10, 1/6 for A, 0.3 for the 24 others and 5, 0.315
 * for 17, 0.375 for 3, 0.1 for 7. The lower quartile of the 40 (type 7, position 9.75 of 0..39)
 * falls within A: 1/6 = 0.167. Standard deviations (n - 1) over the six tests: 0 for the 24, 5 and
 * 7 (26 images), 0.0274 for 3, sqrt((12/900) / 5) = 0.0516 for A, sqrt((12/225) / 5) = 0.1033 for 10,
 * 0.1807 for 17; the upper quartile (position 29.25) falls within A: 0.052. Ambiguous:
 * image 10 and the eleven A images (at both cuts exactly).
 *
 * <p>Duplicate conflicts: 16 and 17, the same picture under both labels. No feature distances and
 * no maps: atypical and off-lesion never hold.
 */
final class TriageFixture {
    static final List<Integer> FLAGGED = List.of(17, 3, 10, 7, 5);

    private TriageFixture() {}

    static Ledger create(Path dir) throws IOException {
        return SampleLedger.create(dir, data -> Files.copy(data.resolve("images/p016_0.png"), data.resolve("images/p017_0.png"),
                StandardCopyOption.REPLACE_EXISTING), TriageFixture::positive);
    }

    /** Flags at a fixed θ = 0.6, so that image 10 (F 0.67) is flagged whatever Algorithm 1 would choose. */
    static AnalysisOptions options() {
        return new AnalysisOptions(0.6, 0.05, 0.5, 0.25, AnalysisOptions.AUTO, FlagRule.POOLED, AnalysisOptions.AUTO, false);
    }

    static double positive(String model, int image, int target, int nth) {
        boolean cnn = model.equals("quick_cnn");
        return switch (image) {
            case 3 -> cnn ? 0.10 : 0.15;
            case 5 -> 0.20;
            case 7 -> 0.40;
            case 17 -> cnn ? 0.02 : 0.35;
            case 10 -> nth == 1 ? 0.4 : 0.6;
            default -> image >= 18 && target == 0 ? (nth == 1 ? 0.4 : 0.3) : target == 1 ? 0.8 : 0.2;
        };
    }
}
