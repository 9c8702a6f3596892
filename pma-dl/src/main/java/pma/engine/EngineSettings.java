package pma.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import pma.BadInputException;
import pma.ledger.ExperimentInfo;
import pma.ledger.Ledger;

/**
 * The engine settings that change a task's probabilities in their last bits although no
 * experiment option does: engine threads per task and the CPU instruction set the native kernels
 * dispatch to. Recorded in the ledger's {@code meta} table when a run starts, and checked when it
 * is continued, so that a resumed run computes the same bits as an uninterrupted one.
 *
 * <p>Why these two: floating-point sums depend on their order. With more threads a convolution's
 * reductions are split into more partial sums; with AVX-512 instead of AVX2 the kernels (oneDNN's
 * convolutions, MKL's matrix products) use wider vectors and other blockings. Either changes the
 * last bits of a gradient, and training amplifies them over the epochs; early stopping can then
 * pick another epoch. Everything else random in a task is seeded from the task itself
 * ({@code TrainingTaskRunner#seedOf} in {@code pma.train}).
 *
 * @param threadsPerTask engine (intra-op) threads each task trains with
 * @param cpu the instruction set the kernels use, as {@link #currentCpu()} describes it
 */
public record EngineSettings(int threadsPerTask, String cpu) {
    static final String THREADS_KEY = ExperimentInfo.THREADS_KEY;
    static final String CPU_KEY = ExperimentInfo.CPU_KEY;

    /** The environment variables that pin the kernels' instruction set, and the values that pin it to AVX2. */
    static final String[][] PIN = {{"ONEDNN_MAX_CPU_ISA", "AVX2"}, {"MKL_CBWR", "AVX2"}, {"ATEN_CPU_CAPABILITY", "avx2"}};

    /**
     * The instruction set this process's kernels use: {@code avx2 (pinned)} when the three variables
     * of {@link #PIN} hold their AVX2 values and the CPU has AVX2 (then every such x86-64 CPU computes
     * the same bits), else {@code native <isa>} with the best of avx512, avx2 or older that the CPU
     * reports (kernels then dispatch to it, and CPUs of another kind compute other bits).
     */
    public static String currentCpu() {
        String best = nativeIsa();
        boolean pinned = !best.equals("older");
        for (String[] p : PIN) pinned &= p[1].equalsIgnoreCase(String.valueOf(System.getenv(p[0])));
        return pinned ? "avx2 (pinned)" : "native " + best;
    }

    /** The best vector instruction set in /proc/cpuinfo's flags: avx512, avx2, or older (also when unknown). */
    static String nativeIsa() {
        Set<String> flags = cpuFlags();
        return flags.contains("avx512f") ? "avx512" : flags.contains("avx2") ? "avx2" : "older";
    }

    /** Whether the CPU computes bfloat16 products in hardware: AVX-512 BF16 or AMX-BF16. */
    private static boolean cpuHasBf16() {
        Set<String> flags = cpuFlags();
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    /** Refuses {@code --precision bf16} on a CPU without bfloat16 instructions, in one line. */
    public static void requireBf16() {
        if (!cpuHasBf16()) {
            throw new BadInputException("--precision bf16 needs a CPU with AVX-512 BF16 or AMX; this one has neither "
                    + "(/proc/cpuinfo)");
        }
    }

    /** The first CPU's flags in /proc/cpuinfo; empty where they cannot be read (not Linux). */
    private static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: no flags known
        }
        return Set.of();
    }

    /** The engine threads per task {@code ledger} records; 0 before its first run. */
    public static int recordedThreads(Ledger ledger) {
        String recorded = ledger.meta(THREADS_KEY);
        return recorded == null ? 0 : Integer.parseInt(recorded);
    }

    /**
     * The settings a run's tasks train with, recorded in {@code ledger} the first time.
     *
     * <p>Threads per task: {@code requested} when above 0; else those recorded (a resumed run keeps
     * its threads, as it keeps its options); else 1 when several worker processes train, and the
     * engine's default (all cores) otherwise. A resume that asks for other threads than recorded is
     * refused: it would mix tasks computed two ways in one ledger, and leaving {@code --threads} out
     * fixes it. A resume on another instruction set is only warned about: a machine cannot change its
     * CPU, and its results are as valid, only not the same bits.
     *
     * @param requested {@code --threads}; 0 = not given
     * @param processes worker processes that train at once (1 = in this process)
     * @param log where the warning goes
     * @throws BadInputException when {@code requested} contradicts the recorded threads
     */
    public static EngineSettings resolve(Ledger ledger, int requested, int processes, PrintWriter log) {
        String recordedThreads = ledger.meta(THREADS_KEY);
        String recordedCpu = ledger.meta(CPU_KEY);
        String cpu = currentCpu();
        int threads;
        if (recordedThreads != null) {
            threads = Integer.parseInt(recordedThreads);
            if (requested > 0 && requested != threads) {
                throw new BadInputException(ledger.file() + ": its tasks trained with " + threads + " engine thread(s) each; "
                        + "resume with --threads " + threads + " or without --threads, so the rest trains the same way");
            }
        } else {
            threads = requested > 0 ? requested : processes > 1 ? 1 : Engines.intraOpThreads();
            ledger.putMeta(THREADS_KEY, Integer.toString(threads));
        }
        if (recordedCpu == null) {
            ledger.putMeta(CPU_KEY, cpu);
        } else if (!recordedCpu.equals(cpu)) {
            log.println("warning: " + ledger.file() + " was trained on " + recordedCpu + " kernels, this machine runs "
                    + cpu + "; tasks trained now may differ from an uninterrupted run in their last bits "
                    + "(see docs/reproducibility.md)");
        }
        return new EngineSettings(threads, cpu);
    }
}
