package pma.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import pma.config.ExperimentConfig.Precision;

/**
 * One place that loads the deep-learning engine (PyTorch through DJL) offline and says which
 * device to use. Every entry point that touches DJL calls {@link #init()} first.
 */
public final class Engines {

    /** The DJL engine pma uses. */
    public static final String ENGINE = "PyTorch";

    private static volatile Engine engine;

    private Engines() {}

    /**
     * Sets {@code ai.djl.offline=true} (DJL must never try the network) and loads the engine from
     * the native jar on the class path; idempotent and cheap after the first call. Leaves
     * {@code DJL_CACHE_DIR} and DJL's other defaults alone.
     *
     * @return the engine
     */
    public static Engine init() {
        Engine e = engine;
        if (e == null) {
            synchronized (Engines.class) {
                e = engine;
                if (e == null) {
                    System.setProperty("ai.djl.offline", "true");
                    e = Engine.getEngine(ENGINE);
                    engine = e;
                }
            }
        }
        return e;
    }

    /** The device to train on: the first GPU when the engine finds one (unless {@link #useCpu}), the CPU otherwise. */
    public static Device device() {
        Engine e = init();
        return !cpuOnly && e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    private static volatile boolean cpuOnly;

    /** Trains on the CPU in this process even where a GPU is found ({@code --device cpu}). */
    public static void useCpu() {
        cpuOnly = true;
    }

    /** Whether {@link #useCpu} was called: worker processes are told so, and stay on the CPU too. */
    public static boolean cpuOnly() {
        return cpuOnly;
    }

    /** oneDNN's math-mode variable: read once, when the engine loads, so fixed for the process's life. */
    public static final String FPMATH = "ONEDNN_DEFAULT_FPMATH_MODE";

    /**
     * The convolutions' arithmetic in this process: bf16 where {@link #FPMATH} was BF16 when the
     * process started (a worker process is started with the run's), else fp32.
     */
    public static Precision precision() {
        return "BF16".equalsIgnoreCase(System.getenv(FPMATH))
                ? Precision.BF16 : Precision.FP32;
    }

    /** The JVM options {@code bin/pma} adds to its Java command (a heap size, say), split on blanks. */
    public static final String JAVA_OPTS = "PMA_JAVA_OPTS";

    /**
     * A Java process of this class path running {@code mainClass} with {@code args}, offline and
     * headless as this one, with the JVM options of {@link #JAVA_OPTS} as {@code bin/pma} gave
     * them to this one, whose engine computes in {@code precision} (its environment sets or
     * clears {@link #FPMATH}; the rest is inherited).
     */
    public static ProcessBuilder javaProcess(Precision precision, String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Djava.awt.headless=true"));
        cmd.addAll(javaOptions(System.getenv(JAVA_OPTS)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder process = new ProcessBuilder(cmd);
        if (precision == Precision.BF16) {
            process.environment().put(FPMATH, "BF16");
        } else {
            process.environment().remove(FPMATH);
        }
        return process;
    }

    /** {@code value}'s options as {@code bin/pma}'s shell splits the unquoted variable: on blanks. */
    static List<String> javaOptions(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    /**
     * The PyTorch native build on the class path, from its jar's {@code native/lib/pytorch.properties}
     * (read without loading the engine), e.g. {@code {version=2.7.1-20250812, flavor=cpu, ...}}; empty when none.
     */
    public static java.util.Properties nativeBuild() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = Engines.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in != null) p.load(in);
        } catch (java.io.IOException e) {
            // An unreadable entry says as much as a missing one: no build found.
        }
        return p;
    }

    /**
     * Sets the engine's intra-op thread count (threads one operator may use). Call before
     * training; affects the whole process. Not set anywhere else in pma-dl: the engine default
     * (the number of cores) applies unless the caller sets it.
     *
     * @param threads at least 1
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        init();
        JniUtils.setNumThreads(threads);
    }

    /** The engine's current intra-op thread count. */
    public static int intraOpThreads() {
        init();
        return JniUtils.getNumThreads();
    }

    /**
     * Turns the engine's autograd recording off for the calling thread and returns the previous
     * setting. PyTorch keeps this per thread and starts every thread other than the one that
     * loaded the engine with recording on; DJL's gradient collector turns it on only while it is
     * open, so inference outside a collector then records no graphs.
     */
    public static boolean stopGradientRecording() {
        init();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return previous;
    }

    /** Restores a setting returned by {@link #stopGradientRecording()}. */
    public static void restoreGradientRecording(boolean previous) {
        JniUtils.setGradMode(previous);
    }

    /**
     * Seeds the engine's random generator (parameter initialisation, dropout).
     *
     * @param seed any long; folded to the engine's 32-bit seed
     */
    public static void seed(long seed) {
        init().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
