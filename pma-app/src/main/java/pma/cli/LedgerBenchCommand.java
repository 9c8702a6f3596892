package pma.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.bench.ledger.LedgerBench;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Fill a ledger with synthetic rows at the paper protocol's scale on 10,000 images (400 tasks, "
                + "96 million epoch records) and time recording a task, analyze, and the plain SQL aggregates.")
final class LedgerBenchCommand extends PmaCommand {
    @Option(names = "--scale", defaultValue = "1",
            description = "share of the 100 iterations recorded, in (0, 1]; each task keeps its full size (default ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--dir", description = "folder for the ledger (default: a temporary folder, deleted afterwards)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (!(scale > 0 && scale <= 1)) throw new BadInputException("--scale must be in (0, 1], got " + scale);
        if (dir != null && Files.exists(dir.resolve("bench.duckdb"))) {
            throw new BadInputException(dir.resolve("bench.duckdb") + " already exists; give another --dir");
        }
        Path work = dir != null ? dir : Files.createTempDirectory("pma-ledger-bench");
        try {
            LedgerBench.Result r = LedgerBench.run(scale, work, line -> err().println(line));
            out().printf(Locale.ROOT, "tasks %d, prediction rows %,d, epoch records %,d, maps %,d, ledger %.1f MiB%n",
                    r.tasks(), r.predictionRows(), r.epochRows(), r.mapRows(), r.ledgerBytes() / 1048576.0);
            out().printf(Locale.ROOT, "%-52s %10s %10s  %s%n", "step", "seconds", "peak_mib", "note");
            for (LedgerBench.Row row : r.rows()) {
                out().printf(Locale.ROOT, "%-52s %10.3f %10s  %s%n", row.step(), row.seconds(),
                        Double.isNaN(row.peakMib()) ? "-" : String.format(Locale.ROOT, "%.0f", row.peakMib()), row.note());
            }
            return 0;
        } finally {
            if (dir == null) deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
