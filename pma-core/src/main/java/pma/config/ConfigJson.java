package pma.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pma.BadInputException;
import pma.config.ExperimentConfig.Decision;
import pma.config.ExperimentConfig.EpochRecords;
import pma.config.ExperimentConfig.LrSchedule;
import pma.config.ExperimentConfig.Optimizer;
import pma.config.ExperimentConfig.Precision;
import pma.config.ExperimentConfig.Scheme;
import pma.config.ExperimentConfig.Splits;
import pma.config.ExperimentConfig.ThresholdRule;
import pma.config.ExperimentConfig.Training;
import pma.dataset.Preprocessor;

/**
 * The ledger's JSON form of an {@link ExperimentConfig}.
 *
 * <p>Written nested, one object per part, with {@code "configVersion": 2}:
 * <pre>
 * {"configVersion": 2, "profile": "quick", "models": [...], "seed": 7,
 *  "splits": {"scheme": "kfold", "iterations", "folds", "repeats", "trainShare", "valShare", "testShare"},
 *  "preprocessing": {"imageSize", "channels", "crop": "none", "cropMargin"},
 *  "training": {"maxEpochs", "patience", "batchSize", "optimizer": "adam", "learningRate", "momentum",
 *               "weightDecay", "classWeights", "augment", "lrSchedule": "fixed", "weights": {}, "epochRecords": "train",
 *               "featureDistances": true, "precision": "fp32"},
 *  "decision": {"thresholdRule": "gmean", "positiveClass": null}}
 * </pre>
 * Choices are spelled as on the command line. Ledgers written before the nested form hold one flat
 * object with the same field names and no {@code configVersion} (version 1); it is read by filing
 * each field under its part, so both forms go through one reader. Fields added to version 1 over
 * time ({@code lrSchedule}, {@code weights}, {@code epochRecords}) read as the behaviour before them
 * when absent: fixed, none, off. {@code featureDistances} reads as true when absent: the code before the
 * setting computed them for every task of a ledger it wrote or resumed. {@code precision} reads as fp32 when
 * absent.
 */
final class ConfigJson {
    /** The version written; 1 is the flat form, which has no version field. */
    static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The part each field of the flat (version 1) form belongs to; fields not named stay at the top. */
    private static final Map<String, List<String>> PARTS = Map.of(
            "splits", List.of("scheme", "iterations", "folds", "repeats", "trainShare", "valShare", "testShare"),
            "preprocessing", List.of("imageSize", "channels", "crop", "cropMargin"),
            "training", List.of("maxEpochs", "patience", "batchSize", "optimizer", "learningRate", "momentum",
                    "weightDecay", "classWeights", "augment", "lrSchedule", "weights", "epochRecords",
                    "featureDistances", "precision"),
            "decision", List.of("thresholdRule", "positiveClass"));

    private ConfigJson() {}

    static String write(ExperimentConfig c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("configVersion", VERSION);
        root.put("profile", c.profile());
        c.models().forEach(root.putArray("models")::add);
        root.put("seed", c.seed());
        Splits s = c.splits();
        root.putObject("splits")
                .put("scheme", s.scheme().code())
                .put("iterations", s.iterations())
                .put("folds", s.folds())
                .put("repeats", s.repeats())
                .put("trainShare", s.trainShare())
                .put("valShare", s.valShare())
                .put("testShare", s.testShare());
        Preprocessor.Options p = c.preprocessing();
        root.putObject("preprocessing")
                .put("imageSize", p.size())
                .put("channels", p.channels())
                .put("crop", p.crop().code())
                .put("cropMargin", p.margin());
        Training t = c.training();
        ObjectNode training = root.putObject("training")
                .put("maxEpochs", t.maxEpochs())
                .put("patience", t.patience())
                .put("batchSize", t.batchSize())
                .put("optimizer", t.optimizer().code())
                .put("learningRate", t.learningRate())
                .put("momentum", t.momentum())
                .put("weightDecay", t.weightDecay())
                .put("classWeights", t.classWeights())
                .put("augment", t.augment())
                .put("lrSchedule", t.lrSchedule().code());
        ObjectNode weights = training.putObject("weights");
        t.weights().forEach(weights::put);
        training.put("epochRecords", t.epochRecords().code());
        training.put("featureDistances", t.featureDistances());
        training.put("precision", t.precision().code());
        root.putObject("decision")
                .put("thresholdRule", c.decision().thresholdRule().code())
                .put("positiveClass", c.decision().positiveClass());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ExperimentConfig read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw unreadable(e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw unreadable("not a JSON object", null);
        JsonNode version = root.get("configVersion");
        if (version == null) {
            root = nest((ObjectNode) root);
        } else if (!version.canConvertToInt() || version.asInt() < 1 || version.asInt() > VERSION) {
            throw new BadInputException("ledger holds configuration version " + version.asText() + ", this pma reads 1 to "
                    + VERSION + " (written by a newer pma?)");
        }
        JsonNode s = part(root, "splits");
        JsonNode p = part(root, "preprocessing");
        JsonNode t = part(root, "training");
        JsonNode d = part(root, "decision");
        List<String> models = new ArrayList<>();
        for (JsonNode m : required(root, "models")) models.add(m.asText());
        Map<String, String> weights = new TreeMap<>();
        JsonNode w = t.get("weights");
        if (w != null && w.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                weights.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode positive = d.get("positiveClass");
        return new ExperimentConfig(
                text(root, "profile"),
                models,
                required(root, "seed").asLong(),
                new Splits(Scheme.of(text(s, "scheme")), integer(s, "iterations"), integer(s, "folds"),
                        integer(s, "repeats"), real(s, "trainShare"), real(s, "valShare"), real(s, "testShare")),
                new Preprocessor.Options(integer(p, "imageSize"), integer(p, "channels"),
                        Preprocessor.Crop.of(text(p, "crop")), real(p, "cropMargin")),
                new Training(integer(t, "maxEpochs"), integer(t, "patience"), integer(t, "batchSize"),
                        Optimizer.of(text(t, "optimizer")), real(t, "learningRate"), real(t, "momentum"),
                        real(t, "weightDecay"), bool(t, "classWeights"), bool(t, "augment"),
                        // Absent from ledgers written before these settings existed: the behaviour before them.
                        t.hasNonNull("lrSchedule") ? LrSchedule.of(t.get("lrSchedule").asText()) : LrSchedule.FIXED,
                        weights,
                        t.hasNonNull("epochRecords") ? EpochRecords.of(t.get("epochRecords").asText()) : EpochRecords.OFF,
                        !t.hasNonNull("featureDistances") || bool(t, "featureDistances"),
                        t.hasNonNull("precision") ? Precision.of(t.get("precision").asText()) : Precision.FP32),
                new Decision(ThresholdRule.of(text(d, "thresholdRule")),
                        positive == null || positive.isNull() ? null : positive.asText()));
    }

    /** The flat (version 1) form with each field filed under its part. */
    private static ObjectNode nest(ObjectNode flat) {
        ObjectNode nested = flat.deepCopy();
        for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
            ObjectNode into = nested.putObject(part.getKey());
            for (String field : part.getValue()) {
                JsonNode value = nested.remove(field);
                if (value != null) into.set(field, value);
            }
        }
        return nested;
    }

    private static JsonNode part(JsonNode root, String name) {
        JsonNode node = required(root, name);
        if (!node.isObject()) throw unreadable("\"" + name + "\" is not an object", null);
        return node;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) throw unreadable("no \"" + field + "\"", null);
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.canConvertToInt()) throw unreadable("\"" + field + "\" is not a whole number: " + value, null);
        return value.asInt();
    }

    private static double real(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isNumber()) throw unreadable("\"" + field + "\" is not a number: " + value, null);
        return value.asDouble();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isBoolean()) throw unreadable("\"" + field + "\" is not true or false: " + value, null);
        return value.asBoolean();
    }

    private static BadInputException unreadable(String why, Exception cause) {
        return new BadInputException("ledger holds an unreadable configuration (" + why + ")", cause);
    }
}
