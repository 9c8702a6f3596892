package pma.execution;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import pma.ledger.ExperimentInfo;
import pma.ledger.Ledger;
import pma.engine.Engines;

/**
 * Records in the ledger's {@code meta} table what reproduces a run besides its configuration and
 * dataset: the pma commit, the DJL and libtorch versions, the device and the worker processes (the
 * engine threads and instruction set are recorded by {@link EngineSettings}). Read back by
 * {@link ExperimentInfo}.
 *
 * <p>The values of the run that created the ledger are kept. A resumed run with other values is
 * warned about, not refused: its results are as valid, but its tasks were computed another way. A
 * ledger created before these were recorded is left without them: its first tasks' are unknown.
 */
final class RunProvenance {
    private RunProvenance() {}

    /**
     * @param createdNow whether this run created the ledger (only then are the values recorded)
     * @param commit the commit pma was built from
     * @param executor null when tasks train on this machine's engine, else the executor's name (its
     *     machines' engine is not loaded here; the libtorch version is then the native build's on the class path)
     * @param workers tasks trained at once, each in its own process
     */
    static void record(Ledger ledger, boolean createdNow, String commit, String executor, int workers, PrintWriter log) {
        Map<String, String> now = new LinkedHashMap<>();
        now.put(ExperimentInfo.COMMIT_KEY, commit);
        now.put(ExperimentInfo.DJL_KEY, Engine.getDjlVersion());
        now.put(ExperimentInfo.LIBTORCH_KEY, executor == null ? Engines.init().getVersion()
                : Engines.nativeBuild().getProperty("version", "unknown").replaceFirst("-.*", ""));
        now.put(ExperimentInfo.DEVICE_KEY, executor == null ? Engines.device().toString() : "executor " + executor);
        now.put(ExperimentInfo.WORKERS_KEY, Integer.toString(workers));
        for (Map.Entry<String, String> e : now.entrySet()) {
            String recorded = ledger.meta(e.getKey());
            if (createdNow) {
                ledger.putMeta(e.getKey(), e.getValue());
            } else if (recorded != null && !recorded.equals(e.getValue())) {
                log.println("warning: " + ledger.file() + ": its first run recorded " + e.getKey() + " " + recorded
                        + ", this one runs with " + e.getValue() + " (the ledger keeps the first)");
            }
        }
    }
}
