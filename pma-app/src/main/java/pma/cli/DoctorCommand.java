package pma.cli;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import pma.dataset.TensorCache;
import pma.engine.Engines;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Say what pma will run on: Java, pma, the engine and its devices, threads, memory settings, caches. "
                + "Exit code 2 when the engine cannot load.")
final class DoctorCommand extends PmaCommand {
    /** The engine settings bin/pma exports (see there for why). */
    static final List<String> ENVIRONMENT = List.of("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "CUDA_VISIBLE_DEVICES", "DJL_CACHE_DIR", "PMA_CACHE");

    /** Where the review app's browser test looks for a headless browser and its driver. */
    static final List<Path> BROWSER = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"));

    @Override
    public Integer call() {
        Runtime rt = Runtime.getRuntime();
        line("java", System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        line("memory", String.format(Locale.ROOT, "heap up to %.1f GiB; %d cores", rt.maxMemory() / 1073741824.0,
                rt.availableProcessors()));
        line("pma", Version.current() + ", commit " + System.getProperty("pma.commit", "unknown (set by bin/pma)"));
        Properties build = Engines.nativeBuild();
        line("djl", Engine.getDjlVersion());
        line("libtorch", build.isEmpty() ? "no native build on the class path"
                : build.getProperty("version") + ", " + build.getProperty("flavor") + " build (" + build.getProperty("classifier") + ")");
        line("offline", "ai.djl.offline=" + System.getProperty("ai.djl.offline", "unset (pma sets it when the engine loads)"));
        for (String name : ENVIRONMENT) {
            String v = System.getenv(name);
            line(name, v == null ? "unset" : v);
        }
        line("djl cache", folder(Utils.getCacheDir()));
        line("libtorch cache", folder(Utils.getEngineCacheDir("pytorch")));
        TensorCache tensors = TensorCache.standard();
        line("tensor cache", tensors.dir() == null ? "off (PMA_CACHE=off)" : folder(tensors.dir()));
        boolean browser = BROWSER.stream().allMatch(Files::isExecutable);
        line("browser test", browser ? "Chromium and chromedriver found" : "skipped: needs " + BROWSER.get(0) + " and " + BROWSER.get(1));
        out().flush();

        Engine engine;
        try {
            engine = Engines.init();
        } catch (Throwable t) { // the native library's failures are Errors (UnsatisfiedLinkError) as often as exceptions
            line("engine", "CANNOT LOAD");
            err().println("pma: error: the engine cannot load: " + t);
            return 2;
        }
        line("engine", engine.getEngineName() + " " + engine.getVersion() + " loaded");
        line("devices", engine.getGpuCount() + " GPU(s); training runs on " + Engines.device());
        line("threads", Engines.intraOpThreads() + " intra-op, " + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads()
                + " inter-op (--threads N sets intra-op per task)");
        return 0;
    }

    private void line(String what, String value) {
        out().printf(Locale.ROOT, "%-22s %s%n", what, value);
    }

    /** A folder and the size of what it holds. */
    static String folder(Path dir) {
        if (!Files.isDirectory(dir)) return dir + " (not created yet)";
        try (Stream<Path> s = Files.walk(dir)) {
            long bytes = s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed while we walked
                }
            }).sum();
            return String.format(Locale.ROOT, "%s (%.1f MB)", dir, bytes / 1e6);
        } catch (IOException | UncheckedIOException e) {
            return dir + " (cannot read: " + e.getMessage() + ")";
        }
    }
}
