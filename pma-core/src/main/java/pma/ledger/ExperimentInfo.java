package pma.ledger;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code experiment} row's provenance, and what reproduces the experiment besides its
 * configuration and dataset: the code and the engine its tasks ran with. The latter are recorded
 * in the ledger's {@code meta} table when a run starts; every field is empty when the ledger does
 * not hold it (ledgers written before it was recorded).
 *
 * @param codeVersion the creating pma's version
 * @param created the creation time in the ledger's own clock, as DuckDB prints it
 *     ({@code yyyy-MM-dd HH:mm:ss.SSSSSS})
 * @param commit the git commit pma was built from ({@code git describe --always --dirty}), or "unknown"
 * @param djlVersion the Deep Java Library version
 * @param libtorchVersion the PyTorch native library version the engine loaded
 * @param device where tasks trained: {@code cpu()}, {@code gpu(0)}, or the executor's name
 * @param threadsPerTask engine (intra-op) threads each task trained with
 * @param workers tasks trained at once, each in its own process (1 = in the running process)
 * @param cpu the instruction set the engine's kernels used
 */
public record ExperimentInfo(String codeVersion, String created, String commit, String djlVersion,
        String libtorchVersion, String device, String threadsPerTask, String workers, String cpu) {

    /** The {@code meta} keys of the fields after {@code created}; the engine's two are written by its settings. */
    public static final String COMMIT_KEY = "pma_commit";
    public static final String DJL_KEY = "djl_version";
    public static final String LIBTORCH_KEY = "libtorch_version";
    public static final String DEVICE_KEY = "device";
    public static final String THREADS_KEY = "engine_threads_per_task";
    public static final String WORKERS_KEY = "workers";
    public static final String CPU_KEY = "engine_cpu";

    /** Nothing known: an analysis without its ledger. */
    public static final ExperimentInfo NONE = new ExperimentInfo("", "", "", "", "", "", "", "", "");

    /** Reads the ledger's experiment row and meta table; empty strings for what it lacks. */
    public static ExperimentInfo of(Ledger ledger) {
        String[] row = ledger.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT code_version, CAST(created AS VARCHAR) FROM experiment WHERE id = 1")) {
                if (!rs.next()) return new String[] {"", ""};
                return new String[] {rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)};
            }
        });
        return new ExperimentInfo(row[0], row[1], meta(ledger, COMMIT_KEY), meta(ledger, DJL_KEY),
                meta(ledger, LIBTORCH_KEY), meta(ledger, DEVICE_KEY), meta(ledger, THREADS_KEY),
                meta(ledger, WORKERS_KEY), meta(ledger, CPU_KEY));
    }

    private static String meta(Ledger ledger, String key) {
        String v = ledger.meta(key);
        return v == null ? "" : v;
    }

    /**
     * The recorded facts that reproduce the experiment, by name, in the order a reader wants them;
     * those the ledger lacks are left out.
     */
    public Map<String, String> reproduction() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "pma version", codeVersion);
        put(out, "pma commit", commit);
        put(out, "DJL", djlVersion);
        put(out, "libtorch", libtorchVersion);
        put(out, "device", device);
        put(out, "threads per task", threadsPerTask);
        put(out, "worker processes", workers);
        put(out, "CPU instruction set", cpu);
        return out;
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value != null && !value.isEmpty()) out.put(name, value);
    }
}
