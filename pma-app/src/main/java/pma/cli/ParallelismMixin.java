package pma.cli;

import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.execution.Placement;

/**
 * {@code --threads} and {@code --workers auto|N}, shared by the commands that train tasks.
 *
 * <p>{@code --workers} stays 1 unless given: {@code auto} picks single-threaded workers on a CPU,
 * and the engine threads per task are part of what a task's numbers depend on (see
 * docs/reproducibility.md), so making it the default would change the results of a plain run.
 */
final class ParallelismMixin {
    @Option(names = "--threads", defaultValue = "0", description = "engine threads per task; 0 (default) = all cores, 1 with several workers, the ledger's on --resume")
    int threads;

    @Option(names = "--workers",
            description = "tasks trained at once, each in its own process (auto: on a CPU, one single-threaded worker per core"
                    + " and task, as far as three quarters of the memory allows; on a GPU, one); "
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
