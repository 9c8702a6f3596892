package pma.cli;

import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.execution.Placement;

/**
 * {@code --threads} and {@code --workers auto|N}, shared by the commands that train tasks.
 *
 * <p>{@code --workers} is {@code auto} unless given: on a CPU, single-threaded worker processes,
 * one per core and task as memory allows, which beat one process on all cores for every network
 * measured (docs/speed.md). The engine threads per task are part of what a task's numbers depend
 * on, and auto fixes them at 1 wherever it starts several workers, whatever the machine's cores;
 * the ledger records them, and a resume keeps them (docs/reproducibility.md).
 */
final class ParallelismMixin {
    @Option(names = "--threads", defaultValue = "0", description = "engine threads per task; 0 (default) = 1 with several workers, else all cores; the ledger's on --resume")
    int threads;

    @Option(names = "--workers",
            description = "tasks trained at once, each in its own process: auto (default: on a CPU, one worker per core"
                    + " and task, each of --threads threads or one, as far as three quarters of the memory allows;"
                    + " on a GPU, one) or N; one worker = in this process, except with --executor workers")
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
