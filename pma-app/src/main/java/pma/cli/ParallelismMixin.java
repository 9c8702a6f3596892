package pma.cli;

import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.execution.Placement;

/** {@code --threads} and {@code --workers auto|N}, shared by the commands that train tasks. */
final class ParallelismMixin {
    @Option(names = "--threads", defaultValue = "0", description = "engine threads per task; 0 (default) = all cores, 1 with several workers, the ledger's on --resume")
    int threads;

    @Option(names = "--workers",
            description = "tasks trained at once, each in its own process (auto: one per core for small models on a CPU); "
                    + "default 1 with --executor local (in this process), auto with --executor workers")
    String workers;

    /** The number of worker processes asked for: {@link Placement#AUTO}, or {@link Placement#UNSET} when not given. */
    int processes() {
        if (workers == null) return Placement.UNSET;
        if (workers.equals("auto")) return Placement.AUTO;
        int n;
        try {
            n = Integer.parseInt(workers);
        } catch (NumberFormatException e) {
            throw new BadInputException("--workers must be auto or a number, got " + workers);
        }
        if (n < 1) throw new BadInputException("--workers must be auto or at least 1, got " + workers);
        return n;
    }
}
