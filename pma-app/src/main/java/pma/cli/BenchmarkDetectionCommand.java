package pma.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.config.ExperimentConfig;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.detection.Detection;
import pma.detection.DetectionBenchmark;
import pma.detection.DetectionSeeds;
import pma.detection.LabelFlips;
import pma.opinions.SecondOpinions;
import pma.report.HtmlReport;
import pma.synth.SyntheticDataset;
import pma.execution.ExperimentRunner;

@Command(name = "benchmark-detection", mixinStandardHelpOptions = true,
        description = "Score every detector of label errors against planted truth: the synthetic dataset, or a dataset "
                + "with labels flipped for a share of patient groups; over several seeds, with each detector's mean and sd and its "
                + "average precision paired with confident learning's.")
final class BenchmarkDetectionCommand extends PmaCommand {
    @Parameters(index = "0", arity = "0..1", description = "dataset folder (default: the synthetic dataset with its planted truth)")
    Path data;

    @Option(names = "--out", required = true, description = "output folder (must not exist or be empty, unless --resume)")
    Path out;

    @Option(names = "--flip-rate", defaultValue = "0.05", description = "share of patient groups (synthetic: nodules) "
            + "whose label is flipped (default ${DEFAULT-VALUE})")
    double flipRate;

    @Option(names = "--nodules", defaultValue = "300", description = "synthetic nodules, 1 to 4 images each (default ${DEFAULT-VALUE})")
    int nodules;

    @Option(names = "--seeds", defaultValue = "5", description = "flip sets (synthetic: datasets) to benchmark, seeds --seed, "
            + "--seed + 1, ...; each trains in its own folder seed-<seed> (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--resume", description = "continue the benchmark in --out (same options): unfinished seeds go on, "
            + "finished ones are only re-scored")
    boolean resume;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    ParallelismMixin parallelism;

    @Mixin
    ExecutorMixin executor;

    @Mixin
    AnalysisOptionsMixin analysis;

    private pma.execution.Placement placement;

    @Override
    public Integer call() throws IOException {
        executor.applyDevice(); // before anything is read or written
        var config = experiment.build();
        var analysisOptions = analysis.build();
        placement = executor.placement(parallelism.processes(), parallelism.threads);
        if (!(flipRate >= 0 && flipRate <= 0.5)) throw new BadInputException("--flip-rate must be between 0 and 0.5, got " + flipRate);
        if (seeds < 1) throw new BadInputException("--seeds must be at least 1, got " + seeds);
        if (data != null && !Files.isRegularFile(data.resolve("manifest.csv"))) {
            throw new BadInputException("no manifest.csv in " + data);
        }
        if (!resume && Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) throw new BadInputException("--out " + out + " exists and is not empty");
            }
        }
        long started = System.nanoTime();
        List<DetectionSeeds.SeedRow> all = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            long seed = config.seed() + k;
            Path dir = out.resolve("seed-" + seed);
            out().printf("%n== seed %d (%d of %d) -> %s%n", seed, k + 1, seeds, dir);
            for (DetectionBenchmark.Row r : benchmark(dir, seed, config, analysisOptions)) {
                all.add(new DetectionSeeds.SeedRow(seed, r));
            }
        }
        List<DetectionSeeds.Row> summary = DetectionSeeds.summarise(all);
        DetectionSeeds.seedsTable(all).write(out.resolve("detection_seeds.csv"));
        DetectionSeeds.summaryTable(summary).write(out.resolve("detection_summary.csv"));
        printSummary(summary);
        out().printf(Locale.ROOT, "%ndetection_seeds.csv and detection_summary.csv in %s (%d seed(s), %.1f min)%n", out, seeds,
                (System.nanoTime() - started) / 60e9);
        return 0;
    }

    /**
     * One seed: flips the labels (or generates the synthetic dataset) with that seed into {@code dir},
     * trains with that seed, analyses and scores every detector. With {@code --resume} a seed whose
     * ledger exists continues: finished runs are not trained again.
     */
    private List<DetectionBenchmark.Row> benchmark(Path dir, long seed, ExperimentConfig base, AnalysisOptions analysisOptions)
            throws IOException {
        ExperimentConfig.Builder b = base.toBuilder();
        b.optSeed(seed);
        ExperimentConfig config = b.build();
        Path dataCopy = dir.resolve("data");
        Path ledger = dir.resolve("pma.duckdb");
        boolean continuing = resume && Files.exists(ledger);
        if (!continuing) {
            deleteTree(dir); // an interrupted start of this seed, before its ledger existed
            if (data == null) {
                SyntheticDataset.Options d = SyntheticDataset.Options.defaults();
                SyntheticDataset.Summary s = SyntheticDataset.generate(dataCopy, new SyntheticDataset.Options(seed,
                        nodules, config.preprocessing().size(), flipRate, d.lookalikeRate(), d.artifactRate(), d.darkGainRate()));
                out().printf("synthetic dataset: %d images, %d patients, planted %s -> %s%n", s.images(), s.patients(),
                        new TreeMap<>(s.plantedByKind()), dataCopy);
            } else {
                LabelFlips.Summary s = LabelFlips.write(data, dataCopy, flipRate, seed);
                out().printf("%s: flipped the labels of %d of %d patient groups (%d of %d images) -> %s%n", data,
                        s.flippedGroups(), s.groups(), s.flippedImages(), s.images(), dataCopy);
            }
        }
        out().println("training (" + config.profile() + " profile)");
        out().flush();
        try {
            ExperimentRunner.run(dataCopy, ledger, continuing ? Ledger.open(ledger).config() : config, continuing,
                    Version.code(), placement, CamOptions.defaults(), err());
        } catch (BadInputException e) {
            // The dataset cannot be split, or the first task diverged: leave nothing behind.
            if (!continuing && !Files.exists(ledger)) {
                deleteTree(dir);
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isEmpty()) deleteTree(out);
                }
            }
            throw e;
        }
        AnalysisResult a = Analysis.of(Ledger.open(ledger), analysisOptions);
        AnalysisWriter.write(a, dir);
        Summaries.printAnalysis(a, out(), dir);
        HtmlReport.write(a, dir);

        List<SecondOpinions.Detector> detectors = new ArrayList<>(a.detectors());
        detectors.add(SecondOpinions.consensus(detectors));
        Map<String, Set<String>> truth = DetectionBenchmark.readTruth(dataCopy.resolve("truth.csv"));
        List<DetectionBenchmark.Row> rows = DetectionBenchmark.score(detectors,
                a.dataset().images().stream().map(r -> r.id()).toList(), truth);
        DetectionBenchmark.table(rows).write(dir.resolve("detection.csv"));
        printTable(rows, String.join(" + ", DetectionBenchmark.errorKinds(truth)));
        out().println("detection.csv, pred_probs.csv and labels.csv (cleanlab's layout) in " + dir);
        return rows;
    }

    private void printSummary(List<DetectionSeeds.Row> rows) {
        String truth = "";
        for (DetectionSeeds.Row r : rows) {
            if (!r.truth().equals(truth)) {
                truth = r.truth();
                out().printf(Locale.ROOT, "%nOver %d seed(s), truth: %s (mean ± sd; AUPRC paired with %s seed by seed)%n",
                        r.seeds(), truth, DetectionSeeds.BASELINE);
                out().printf(Locale.ROOT, "  %-24s %-11s %-11s %-11s %-11s %8s %7s %6s %6s%n", "detector", "precision",
                        "recall", "F1", "AUPRC", "vs cl", "better", "W p", "sign p");
            }
            out().printf(Locale.ROOT, "  %-24s %-11s %-11s %-11s %-11s %8s %7s %6s %6s%n", r.detector(), pm(r.precision()),
                    pm(r.recall()), pm(r.f1()), pm(r.averagePrecision()), signed(r.differenceMean()),
                    r.better() + "/" + r.differences().length, f2(r.wilcoxonP()), f2(r.signP()));
        }
    }

    private static String pm(pma.stats.Summary s) {
        if (s.n() == 0) return "-";
        return Double.isNaN(s.sd()) ? f2(s.mean()) : f2(s.mean()) + "±" + f2(s.sd());
    }

    private static String signed(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%+.3f", x);
    }

    private void printTable(List<DetectionBenchmark.Row> rows, String allKinds) {
        String truth = "";
        for (DetectionBenchmark.Row r : rows) {
            Detection.Score s = r.score();
            if (!r.truth().equals(truth)) {
                truth = r.truth();
                out().printf(Locale.ROOT, "%nTruth: %s (%d bad images of %d%s; average precision by chance %.2f)%n",
                        truth.equals("all") ? allKinds : truth, s.positives(), s.images(),
                        truth.equals("all") ? "" : ", other planted errors left out",
                        (double) s.positives() / s.images());
                out().printf(Locale.ROOT, "  %-24s %7s %5s %9s %6s %5s %6s%n", "detector", "flagged", "hits",
                        "precision", "recall", "F1", "AUPRC");
            }
            out().printf(Locale.ROOT, "  %-24s %7d %5d %9s %6s %5s %6s%n", r.detector(), s.flagged(), s.truePositives(),
                    f2(s.precision()), f2(s.recall()), f2(s.f1()), f2(s.averagePrecision()));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String f2(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f", x);
    }
}
