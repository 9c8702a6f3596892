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
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.opinions.Detection;
import pma.opinions.DetectionBenchmark;
import pma.opinions.LabelFlips;
import pma.opinions.SecondOpinions;
import pma.report.HtmlReport;
import pma.synth.SyntheticDataset;
import pma.train.ExperimentRunner;

@Command(name = "benchmark-detection", mixinStandardHelpOptions = true,
        description = "Score every detector of label errors against planted truth: the synthetic dataset, or a dataset "
                + "with labels flipped for a share of patient groups.")
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

    @Option(names = "--resume", description = "continue the experiment in --out (same options), or re-score a finished one")
    boolean resume;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    ParallelismMixin parallelism;

    @Mixin
    ExecutorMixin executor;

    @Mixin
    AnalysisOptionsMixin analysis;

    @Override
    public Integer call() throws IOException {
        executor.applyDevice(); // before anything is read or written
        var config = experiment.build();
        var analysisOptions = analysis.build();
        int processes = parallelism.processes();
        if (!(flipRate >= 0 && flipRate <= 0.5)) throw new BadInputException("--flip-rate must be between 0 and 0.5, got " + flipRate);
        if (data != null && !Files.isRegularFile(data.resolve("manifest.csv"))) {
            throw new BadInputException("no manifest.csv in " + data);
        }
        Path dataCopy = out.resolve("data");
        Path ledger = out.resolve("pma.duckdb");
        boolean continuing = resume && Files.exists(ledger);
        if (!continuing) {
            if (Files.exists(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) throw new BadInputException("--out " + out + " exists and is not empty");
                }
            }
            if (data == null) {
                SyntheticDataset.Options d = SyntheticDataset.Options.defaults();
                SyntheticDataset.Summary s = SyntheticDataset.generate(dataCopy, new SyntheticDataset.Options(config.seed(),
                        nodules, config.imageSize(), flipRate, d.lookalikeRate(), d.artifactRate(), d.darkGainRate()));
                out().printf("synthetic dataset: %d images, %d patients, planted %s -> %s%n", s.images(), s.patients(),
                        new TreeMap<>(s.plantedByKind()), dataCopy);
            } else {
                LabelFlips.Summary s = LabelFlips.write(data, dataCopy, flipRate, config.seed());
                out().printf("%s: flipped the labels of %d of %d patient groups (%d of %d images) -> %s%n", data,
                        s.flippedGroups(), s.groups(), s.flippedImages(), s.images(), dataCopy);
            }
        }
        out().println("training (" + config.profile() + " profile)");
        out().flush();
        try {
            ExperimentRunner.run(dataCopy, ledger, continuing ? Ledger.open(ledger).config() : config, continuing,
                    Version.current(), parallelism.threads, processes, executor.executor, executor.master, CamOptions.defaults(), err());
        } catch (BadInputException e) {
            // The dataset cannot be split, or the first task diverged: leave nothing behind.
            if (!continuing && !Files.exists(ledger)) deleteTree(out);
            throw e;
        }
        AnalysisResult a = Analysis.of(Ledger.open(ledger), analysisOptions);
        AnalysisWriter.write(a, out);
        Summaries.printAnalysis(a, out(), out);
        HtmlReport.write(a, out);

        List<SecondOpinions.Detector> detectors = new ArrayList<>(a.detectors());
        detectors.add(SecondOpinions.consensus(detectors));
        Map<String, Set<String>> truth = DetectionBenchmark.readTruth(dataCopy.resolve("truth.csv"));
        List<DetectionBenchmark.Row> rows = DetectionBenchmark.score(detectors,
                a.dataset().images().stream().map(r -> r.id()).toList(), truth);
        DetectionBenchmark.table(rows).write(out.resolve("detection.csv"));
        printTable(rows, String.join(" + ", DetectionBenchmark.errorKinds(truth)));
        out().println("detection.csv, pred_probs.csv and labels.csv (cleanlab's layout) in " + out);
        return 0;
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
