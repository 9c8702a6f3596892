package pma.cli;

import picocli.CommandLine.Option;

/** {@code --executor} and {@code --master}, shared by the commands that train tasks. */
final class ExecutorMixin {
    @Option(names = "--executor", defaultValue = "local",
            description = "where tasks train: local (this machine, default) or spark (needs the pma-spark jar; see docs/cluster.md)")
    String executor;

    @Option(names = "--master", description = "Spark master for --executor spark: local[N], spark://HOST:PORT, yarn, k8s://URL "
            + "(default: spark-submit's, else local[*])")
    String master;

    /** Worker processes go with the local executor only; a cluster executor spreads the tasks itself. */
    boolean local() {
        return executor.equals("local") && master == null;
    }
}
