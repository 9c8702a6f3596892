package pma.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pma.bench.Bench;
import pma.bench.TaskBench;
import pma.config.ExperimentConfig;
import pma.engine.EngineSettings;
import pma.engine.Engines;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = LedgerBenchCommand.class,
        description = "Time training and inference steps of the networks on random inputs (images per second); "
                + "'bench ledger' times the ledger instead.")
final class BenchCommand extends PmaCommand {
    @Option(names = "--models", split = ",", defaultValue = "cnn1,cnn2,quick_cnn,quick_resnet",
            description = "models to time (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--batches", split = ",", defaultValue = "8,32", description = "batch sizes (default ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--phases", split = ",", defaultValue = "train,infer", description = "train, infer or both (default ${DEFAULT-VALUE})")
    List<String> phases;

    @Option(names = "--size", defaultValue = "140", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "image channels (default ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--threads", defaultValue = "0", description = "engine threads; 0 = the engine's default (all cores)")
    int threads;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--steps", defaultValue = "6", description = "timed steps; the median counts (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--epochs", defaultValue = "30",
            description = "average epochs per task assumed by the paper-protocol estimate (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--breakdown", description = "also print (to stderr) the median time of each part of a step")
    boolean breakdown;

    @Option(names = "--clock", defaultValue = "wall",
            description = "wall, or cpu: time steps by this process's CPU time (fairer on a busy machine)")
    String clock;

    @Option(names = "--csv", description = "also write the rows to this CSV file")
    Path csv;

    @Option(names = "--tasks", defaultValue = "0",
            description = "also time whole training tasks (480 images, batch 32) with each epoch-record mode, this many rounds (default ${DEFAULT-VALUE}: off)")
    int tasks;

    @Option(names = "--task-epochs", defaultValue = "4", description = "epochs of each timed task (default ${DEFAULT-VALUE})")
    int taskEpochs;

    @Option(names = "--precision", defaultValue = "fp32",
            description = "the convolutions' arithmetic: fp32 (default) or bf16 (CPUs with AVX-512 BF16 or AMX)")
    String precision;

    private boolean cpuClock() {
        if (!clock.equals("wall") && !clock.equals("cpu")) {
            throw new pma.BadInputException("--clock must be wall or cpu, got " + clock);
        }
        return clock.equals("cpu");
    }

    @Override
    public Integer call() throws Exception {
        Bench.Options o = new Bench.Options(ExperimentOptions.distinct("--models", models), batches, phases, size, channels,
                threads, warmup, steps, breakdown, cpuClock());
        if (epochs < 1) throw new pma.BadInputException("--epochs must be at least 1, got " + epochs);
        if (tasks < 0) throw new pma.BadInputException("--tasks must be 0 (off) or more, got " + tasks);
        if (taskEpochs < 1) throw new pma.BadInputException("--task-epochs must be at least 1, got " + taskEpochs);
        ExperimentConfig.Precision asked = ExperimentConfig.Precision.of(precision);
        if (asked == ExperimentConfig.Precision.BF16) EngineSettings.requireBf16();
        // The engine's arithmetic is fixed when a process starts: the other precision is timed in a child.
        if (asked != Engines.precision()) return inChild(asked);
        out().println(String.join(",", Bench.COLUMNS));
        List<Bench.Row> rows = Bench.run(o, r -> out().printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.2f,%.1f,%d%n",
                r.engine(), r.model(), r.phase(), r.batch(), r.imageSize(), r.threads(), r.imagesPerS(),
                r.gflopsPerS(), r.params()), line -> err().println(line));
        if (csv != null) Bench.writeCsv(rows, csv);
        out().printf(Locale.ROOT, "peak resident memory: %.0f MiB%n", Bench.peakResidentMib());
        double total = 0;
        List<String> parts = new ArrayList<>();
        for (String m : models) {
            double s = Bench.paperProtocolSeconds(rows, m, epochs);
            if (Double.isNaN(s)) continue;
            total += s;
            parts.add(String.format(Locale.ROOT, "%s %.1f h", m, s / 3600));
        }
        if (!parts.isEmpty()) {
            out().printf(Locale.ROOT, "paper protocol estimate (100 iterations, 484 images 80/10/10, %d epochs per task,"
                    + " batch 8): %.1f h on this machine (%s)%n", epochs, total / 3600, String.join(", ", parts));
        }
        if (tasks > 0) {
            out().println(String.join(",", TaskBench.COLUMNS));
            TaskBench.run(o.models(), size, channels, taskEpochs, tasks, threads, r -> out().printf(Locale.ROOT,
                    "%s,%s,%d,%d,%.2f,%.2f%n", r.model(), r.epochRecords(), r.epochs(), r.threads(), r.wallSeconds(),
                    r.cpuSeconds()));
        }
        return 0;
    }

    /** This command again in a process whose engine computes in {@code precision}; its output passed on. */
    private int inChild(ExperimentConfig.Precision precision) throws IOException, InterruptedException {
        Process p = Engines.javaProcess(precision, Main.class.getName(), spec.commandLine().getParseResult().originalArgs())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) out().println(line);
        }
        return p.waitFor();
    }
}
