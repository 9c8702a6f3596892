package pma.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.analysis.ImageStats;
import pma.ledger.Ledger;
import pma.report.HtmlReport;
import pma.synth.SyntheticDataset;
import pma.execution.ExperimentRunner;
import pma.execution.Placement;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole analysis on the built-in synthetic dataset: synth, run (quick profile at "
                + DemoCommand.QUICK_SIZE + " px unless --size is given), analyze, report.")
final class DemoCommand extends PmaCommand {
    /**
     * The demo's image side with the quick profile: 48 px instead of the profile's 64 finds the planted
     * cases as well (docs/speed.md: the same recall, no lower precision) in about half the training time.
     */
    static final int QUICK_SIZE = 48;

    /** Planted kinds that make images wrong by construction; artifacts and dark gain may not cause errors. */
    static final Set<String> ERROR_KINDS = Set.of("label_flip", "lookalike_subtype");

    @Option(names = "--out", defaultValue = "pma-demo", description = "output folder (default ${DEFAULT-VALUE}; must not exist or be empty)")
    Path out;

    @Option(names = "--nodules", defaultValue = "300", description = "synthetic nodules, 1 to 4 images each (default ${DEFAULT-VALUE})")
    int nodules;

    @Mixin
    ExperimentOptions experiment;

    @Option(names = "--threads", defaultValue = "0", description = "engine threads per task; 0 = all cores (default)")
    int threads;

    @Mixin
    ExecutorMixin executor;

    @Mixin
    AnalysisOptionsMixin analysis;

    @Mixin
    CamOptionsMixin cams;

    @Override
    public Integer call() throws IOException {
        executor.applyDevice(); // before anything is read or written
        // On this machine: worker processes as suit the models (auto); a cluster executor spreads the tasks itself.
        var placement = executor.placement(executor.local() ? Placement.AUTO : Placement.UNSET, threads);
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) throw new BadInputException("--out " + out + " exists and is not empty");
            }
        }
        if (experiment.size == null && experiment.profile.equals("quick")) experiment.size = QUICK_SIZE;
        var config = experiment.build();
        var analysisOptions = analysis.build();
        var camOptions = cams.build();
        Path data = out.resolve("data");
        SyntheticDataset.Options d = SyntheticDataset.Options.defaults();
        SyntheticDataset.Summary s = SyntheticDataset.generate(data, new SyntheticDataset.Options(config.seed(), nodules,
                config.preprocessing().size(), d.flipRate(), d.lookalikeRate(), d.artifactRate(), d.darkGainRate()));
        out().printf("1/4 synthetic dataset: %d images, %d patients, planted %s -> %s%n", s.images(), s.patients(),
                new TreeMap<>(s.plantedByKind()), data);
        Path ledger = out.resolve("pma.duckdb");
        out().println("2/4 training (" + config.profile() + " profile)");
        out().flush();
        ExperimentRunner.run(data, ledger, config, false, Version.code(), placement, camOptions, err());
        out().println("3/4 analysis");
        Path report;
        AnalysisResult a;
        try (Ledger.Snapshot snapshot = Ledger.open(ledger).snapshot()) {
            a = Analysis.of(snapshot.ledger(), analysisOptions);
            var triage = pma.triage.Triages.of(snapshot.ledger(), a); // decodes every image once, for both
            AnalysisWriter.write(a, out, triage);
            Summaries.printAnalysis(a, out(), out);
            report = HtmlReport.write(snapshot.ledger(), a, triage, out);
        }
        out().println("4/4 report: " + report);
        printTruth(a, data.resolve("truth.csv"));
        return 0;
    }

    /**
     * Planted-case recall and precision of Algorithm 1's flags and of the cut of pma's order: the
     * demo's check that the method finds what was planted.
     */
    void printTruth(AnalysisResult a, Path truthFile) throws IOException {
        Map<String, Set<String>> kinds = readTruth(truthFile);
        Set<String> flagged = new HashSet<>();
        for (ImageStats st : a.flagged()) flagged.add(st.image().id());
        printTruth(a, kinds, flagged, "the " + flagged.size() + " flagged images", "flagged");
        boolean[] cut = a.suspect();
        Set<String> suspect = new HashSet<>();
        for (ImageStats st : a.images()) if (cut[st.image().index()]) suspect.add(st.image().id());
        printTruth(a, kinds, suspect, "the " + suspect.size() + " suspect images (the cut of pma's order, "
                + a.order().name() + ")", "suspect");
    }

    private void printTruth(AnalysisResult a, Map<String, Set<String>> kinds, Set<String> found, String what, String word) {
        Map<String, int[]> perKind = new TreeMap<>();
        kinds.forEach((image, ks) -> ks.forEach(k -> {
            int[] c = perKind.computeIfAbsent(k, x -> new int[2]);
            c[0]++;
            if (found.contains(image)) c[1]++;
        }));
        long errorCases = kinds.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(ERROR_KINDS::contains)).count();
        long errorFound = kinds.entrySet().stream().filter(e -> found.contains(e.getKey())
                && e.getValue().stream().anyMatch(ERROR_KINDS::contains)).count();
        long foundPlanted = found.stream().filter(kinds::containsKey).count();
        out().printf("Planted hard cases (truth.csv), found among %s:%n", what);
        perKind.forEach((k, c) -> out().printf("  %-18s %3d of %3d %s%n", k, c[1], c[0], word));
        double recall = errorCases == 0 ? Double.NaN : (double) errorFound / errorCases;
        double precision = found.isEmpty() ? Double.NaN : (double) foundPlanted / found.size();
        double chance = (double) kinds.size() / a.images().size();
        out().printf("recall (label flips + look-alike subtype): %d/%d = %.2f; precision (%s images that are planted cases): "
                + "%d/%d = %.2f; chance precision %.2f%n", errorFound, errorCases, recall, word, foundPlanted, found.size(),
                precision, chance);
    }

    static Map<String, Set<String>> readTruth(Path file) throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                out.computeIfAbsent(rec.get("image"), k -> new HashSet<>()).add(rec.get("kind"));
            }
        }
        return out;
    }
}
