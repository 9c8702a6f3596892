package pma.report;

import java.util.List;
import pma.ledger.Verdicts.Kind;

/**
 * What each section of the report shows, one record per section, as {@link HtmlReport} computes it
 * and its template ({@code jte/report/<section>.jte}) lays it out. Numbers arrive formatted
 * ({@link Format}); strings arrive raw, and the templates escape them.
 */
final class Sections {
    private Sections() {}

    /** A numbered section of the report: its anchor, its heading, and the template that draws its content. */
    sealed interface Section permits DatasetSection, ConfigurationSection, RunsSection, Table1Section, Algorithm1Section,
            StatisticsSection, OpinionsSection, Figure1Section, FrequencySection, GallerySection, VerdictsSection,
            RankingSection, ProvenanceSection, TriageSection {
        String id();

        String title();
    }

    /** The whole page: header, figures at a glance, the sections in order, and the stylesheet to inline. */
    record Page(String name, String root, int runs, String models, String profile, List<Glance> glance,
                List<Section> sections, String codeVersion, String written, String css) {}

    /** One figure at a glance in the header. */
    record Glance(String value, String label) {}

    /** A key and a plain-text value of a two-column table. */
    record KeyValue(String key, String value) {}

    // ---- Dataset ----

    record DatasetSection(int images, long patients, String root, String negative, String positive, List<ClassRow> classes,
                          ClassRow all, List<SubtypeRow> subtypes, List<FeatureRow> features, boolean hasFeatureColumns)
            implements Section {
        public String id() {
            return "dataset";
        }

        public String title() {
            return "Dataset";
        }
    }

    /** @param role negative, positive, or empty for the total row */
    record ClassRow(String name, String role, int images, String share, long patients, long withMask, long tested,
                    long flagged, String meanF) {}

    record SubtypeRow(String subtype, long negative, long positive, long flagged, String meanF) {}

    /**
     * One annotated feature: binary features give their prevalence, categorical ones their most common value.
     *
     * @param values number of distinct values (categorical only)
     */
    record FeatureRow(String feature, long annotated, boolean binary, long present, String prevalence, String inNegative,
                      String inPositive, String amongFlagged, int values, String common, long commonCount) {}

    // ---- Configuration and seeds ----

    /**
     * @param rule the flag rule's name; {@code pooled} says whether it is F_j &gt; θ rather than per model
     * @param analysis the analysis settings after the flag rule
     * @param splitSeeds "iteration: seed" per split, or empty
     * @param runSeeds "model/iteration: seed" per run, or empty
     */
    record ConfigurationSection(List<KeyValue> experiment, String rule, boolean pooled, int minModels,
                                List<KeyValue> analysis, List<String> splitSeeds, List<String> runSeeds)
            implements Section {
        public String id() {
            return "configuration";
        }

        public String title() {
            return "Configuration and seeds";
        }
    }

    // ---- Training runs ----

    record RunsSection(List<RunRow> models) implements Section {
        public String id() {
            return "runs";
        }

        public String title() {
            return "Training runs";
        }
    }

    record RunRow(String model, int runs, String epochs, String bestEpoch, String valAuc, String threshold, String time) {}

    // ---- Table 1 ----

    /** @param chart box plot of test AUC per run as a data URI, or null when no model has more than one run */
    record Table1Section(List<AucRow> models, String chart) implements Section {
        public String id() {
            return "table1";
        }

        public String title() {
            return "Table 1 · Test AUC per model";
        }
    }

    record AucRow(String model, int runs, String mean, String sd, String min, String max) {}

    // ---- Algorithm 1 ----

    /** @param outcome how the search ended, a clause after the flagged count */
    record Algorithm1Section(String stopReason, String theta, int flagged, String outcome, List<StepRow> steps)
            implements Section {
        public String id() {
            return "algorithm1";
        }

        public String title() {
            return "Algorithm 1 · choosing θ";
        }
    }

    record StepRow(boolean chosen, String theta, int flagged, String share, String aucBefore, String aucAfter,
                   String delta) {}

    // ---- Retraining, intervals and feature rarity ----

    /**
     * @param replicationNote the warning shown when the tables use the authors' inflating choices, or null
     * @param algorithm1Delta Algorithm 1's own ΔAUC over all models, for comparison with the retraining
     * @param notFlaggable most annotated images left out of a Table 2 row for too few tests
     */
    record StatisticsSection(String replicationNote, List<RetrainRow> retrain, String algorithm1Delta,
                             List<AucCiRow> aucCis, List<ComparisonRow> comparisons, List<RarityRow> rarity,
                             int notFlaggable) implements Section {
        public String id() {
            return "statistics";
        }

        public String title() {
            return "Retraining, intervals and feature rarity";
        }
    }

    record RetrainRow(String exclusion, int images, String model, int iterations, String testExclusionGain,
                      String fullDifference, String fullP, String withoutDifference, String withoutP) {}

    record AucCiRow(String model, int runs, String mean, String ci, String delongWidth) {}

    record ComparisonRow(String modelA, String modelB, int iterations, String meanDifference, int significant,
                         String wilcoxonP) {}

    record RarityRow(String feature, String value, int images, String shareDataset, String meanShareTrain,
                     int flaggedWith, String shareFlagged, String oddsRatio, String fisherP, String bhQ) {}

    // ---- Second opinions ----

    /**
     * @param dynamics whether the ledger holds epoch records (training-dynamics columns)
     * @param consensusCut the rule the detectors agree on, as a phrase
     * @param more images agreed on beyond the rows listed
     */
    record OpinionsSection(boolean dynamics, String negative, String positive, List<JointRow> joint, int issues,
                           List<DetectorRow> detectors, String consensusCut, int agreed, List<AgreedRow> agreedRows,
                           int more) implements Section {
        public String id() {
            return "opinions";
        }

        public String title() {
            return "Second opinions";
        }
    }

    record JointRow(String given, String trueNegative, String truePositive, String threshold) {}

    record DetectorRow(String name, String cut, int flagged, int alsoAlgorithm1) {}

    /** @param dynamics never learned, AUM, confidence, variability; empty without epoch records */
    record AgreedRow(String image, String label, String f, String selfConfidence, List<String> dynamics) {}

    // ---- Figures ----

    record Figure1Section(String chart, String order) implements Section {
        public String id() {
            return "figure1";
        }

        public String title() {
            return "Figure 1 · AUC against images excluded";
        }
    }

    // ---- Triage ----

    /**
     * Why each flagged image may be misclassified (pma.triage): per reason, how many flagged images
     * and how many images in all have it; then the flagged images with their reasons.
     */
    record TriageSection(List<ReasonRow> reasons, int flagged, int withoutReason, List<TriageRow> rows, int more,
                         List<String> notes) implements Section {
        public String id() {
            return "triage";
        }

        public String title() {
            return "Triage · why the flagged images may be wrong";
        }
    }

    record ReasonRow(String code, String meaning, int flagged, int all) {}

    record TriageRow(String id, String label, String f, String reasons) {}

    record FrequencySection(String chart, String appearances, List<KeyValue> counts) implements Section {
        public String id() {
            return "frequency";
        }

        public String title() {
            return "Misclassification frequency F";
        }
    }

    // ---- Flagged images ----

    record GallerySection(List<Card> cards, boolean withVerdicts) implements Section {
        public String id() {
            return "gallery";
        }

        public String title() {
            return "Flagged images (" + cards.size() + ")";
        }
    }

    /**
     * One flagged image.
     *
     * @param thumbnail a JPEG data URI, or null when the file cannot be read
     * @param overlays Grad-CAM overlays, one per model
     * @param features the features present, comma separated
     * @param verdict the latest expert verdict, or null
     */
    record Card(int rank, String id, String label, String subtype, String thumbnail, List<Overlay> overlays, int errors,
                int appearances, String f, String ci, int falsePositives, int falseNegatives, List<KeyValue> perModel,
                String features, CardVerdict verdict) {}

    record Overlay(String model, String dataUri) {}

    /** @param note shortened for the card; empty when none */
    record CardVerdict(Kind kind, String reviewer, String note) {}

    // ---- Expert verdicts ----

    record VerdictsSection(List<String> groups, List<VerdictRow> rows, List<String> reviewed, long reviewers)
            implements Section {
        public String id() {
            return "verdicts";
        }

        public String title() {
            return "Expert verdicts";
        }
    }

    /** @param counts images whose latest verdict is this kind, per group */
    record VerdictRow(Kind kind, List<Long> counts) {}

    // ---- Most persistent images ----

    record RankingSection(List<String> models, boolean withVerdicts, List<RankRow> rows, int topRows, String order,
                          String orderWords) implements Section {
        public String id() {
            return "ranking";
        }

        public String title() {
            return "Most persistent images";
        }
    }

    /** @param verdict latest verdict, or null */
    record RankRow(boolean flagged, int rank, String id, String label, String subtype, List<String> perModel, String f,
                   String ci, int falsePositives, int falseNegatives, String meanTrueClassProb, String flag,
                   Kind verdict) {}

    // ---- Provenance ----

    /**
     * @param codeVersion and created: empty when unknown
     * @param reproduction what else the experiment recorded that reproduces it (commit, DJL, libtorch, device, …)
     */
    record ProvenanceSection(String root, String fingerprint, String codeVersion, List<KeyValue> reproduction,
                             String created, String written,
                             String configJson) implements Section {
        public String id() {
            return "provenance";
        }

        public String title() {
            return "Provenance";
        }
    }
}
