package pma.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pma.config.ExperimentConfig.Precision;

/** The Java processes pma starts (workers, a bench's second engine) get bin/pma's JVM options. */
class EnginesTest {

    @Test
    void javaOptionsAreSplitOnBlanksAsTheLaunchersShellSplitsThem() {
        assertThat(Engines.javaOptions(null)).isEmpty();
        assertThat(Engines.javaOptions(" \t ")).isEmpty();
        assertThat(Engines.javaOptions("  -Xmx2g \t-Dpma.x=a=b  -XX:+UseSerialGC "))
                .containsExactly("-Xmx2g", "-Dpma.x=a=b", "-XX:+UseSerialGC");
    }

    /**
     * A process started with {@code PMA_JAVA_OPTS} (as bin/pma starts pma) starts its own Java
     * process through {@link Engines#javaProcess}; that grandchild reports a system property and
     * the heap limit the options set: 160 MiB, far below any default heap.
     */
    @Test
    void aProcessStartedByPmaGetsTheLaunchersJavaOptions() throws Exception {
        ProcessBuilder child = Engines.javaProcess(Precision.FP32, Launcher.class.getName(), List.of());
        child.environment().put(Engines.JAVA_OPTS, "-Dpma.probe=grandchild -Xmx160m");
        assertThat(run(child)).containsExactly("probe grandchild", "max heap MiB " + 160);
        ProcessBuilder plain = Engines.javaProcess(Precision.FP32, Launcher.class.getName(), List.of());
        plain.environment().remove(Engines.JAVA_OPTS);
        assertThat(run(plain)).first().isEqualTo("probe null");
    }

    private static List<String> run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("probe") || l.startsWith("max heap")).toList();
    }

    /** Starts {@link Report} as pma starts a worker, and passes its lines on. */
    public static final class Launcher {
        public static void main(String[] args) throws Exception {
            Process p = Engines.javaProcess(Precision.FP32, Report.class.getName(), List.of())
                    .inheritIO().start();
            System.exit(p.waitFor());
        }
    }

    /** Prints what the options set. */
    public static final class Report {
        public static void main(String[] args) {
            System.out.println("probe " + System.getProperty("pma.probe"));
            System.out.println("max heap MiB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }
}
