package pma.cli;

import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.execution.Placement;
import pma.engine.Engines;

/** {@code --executor} and {@code --master}, shared by the commands that train tasks. */
final class ExecutorMixin {
    @Option(names = "--executor", defaultValue = "local",
            description = "where tasks train: local (this machine, default: this process, or worker processes where "
                    + "--workers gives several), workers (always worker processes) or spark (see docs/spark.md)")
    String executor;

    @Option(names = "--master", description = "Spark master for --executor spark: local[N], spark://HOST:PORT, yarn, k8s://URL "
            + "(default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--device", defaultValue = "auto",
            description = "cpu, gpu (stop unless the engine finds one) or auto (the first GPU found, else the CPU; default)")
    String device;

    /**
     * Checks {@code --device} and applies it to this process, before anything is written: asking
     * for a GPU where the engine finds none is an error. A cluster's executors choose for themselves.
     */
    void applyDevice() {
        if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
            throw new BadInputException("--device must be cpu, gpu or auto, got " + device);
        }
        if (device.equals("auto")) return;
        if (!local()) {
            throw new BadInputException("--device applies to --executor local; on Spark ask the cluster for GPUs (docs/gpu.md)");
        }
        if (device.equals("cpu")) {
            Engines.useCpu();
        } else if (Engines.init().getGpuCount() == 0) {
            throw new BadInputException("--device gpu: the engine finds no GPU (PyTorch native build: "
                    + Engines.nativeBuild().getProperty("flavor", "none found") + "); see docs/gpu.md, or pma doctor");
        }
    }

    /** Tasks train on this machine (in this process or in worker processes), not on a cluster. */
    boolean local() {
        return (executor.equals(Placement.LOCAL) || executor.equals(Placement.WORKERS)) && master == null;
    }

    /**
     * Where the tasks train, checked before anything is read or written.
     *
     * @param workers {@code --workers}: a number, {@link Placement#AUTO} or {@link Placement#UNSET}
     * @param threads {@code --threads}
     */
    Placement placement(int workers, int threads) {
        return new Placement(executor, master, workers, threads);
    }
}
