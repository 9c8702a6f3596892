package pma.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import pma.BadInputException;
import pma.ledger.Task;
import pma.experiment.TaskExecutor;
import pma.experiment.Workload;
import pma.train.TrainingTaskRunner;

/**
 * Runs an experiment's training tasks on Apache Spark; the driver stays the ledger's only writer.
 *
 * <p>The driver broadcasts the {@link Workload} (settings, preprocessed images, splits) once, then
 * submits each task as its own one-partition Spark job carrying only the {@link Task} description.
 * Executors train with DJL ({@link TrainingTaskRunner}, built once per executor JVM and workload)
 * and send back the task's rows; the driver hands each to the sink as its job completes, so the
 * ledger gets one transaction per task, in this thread.
 *
 * <p>One job per task is what lets the experiment go on past a failure: Spark retries a failing
 * task up to {@code spark.task.maxFailures} times, then fails that task's job only, and the task is
 * recorded as failed with its error. Bad input and diverged training fail the same way every time,
 * so they are reported back without retries. In local mode Spark would not retry at all, so a
 * master of {@code local[N]} runs as {@code local[N,F]} with F = {@code spark.task.maxFailures}
 * (default 4), the retries a cluster gives.
 *
 * <p>The JVM that runs the driver needs Java 17's {@code --add-opens} options for Spark
 * ({@link #JAVA_OPTIONS}); {@code bin/pma} and {@code spark-submit} add them.
 */
public final class SparkExecutor implements TaskExecutor {

    /**
     * The JVM options Spark 3.5 needs on Java 17 (the list Spark's own launcher adds), from
     * {@code pma/spark/java-options.txt}: the root pom's {@code spark.java.options}, which the build
     * copies there and bin/pma and bin/spark-local-cluster read too.
     */
    public static final List<String> JAVA_OPTIONS = javaOptions();

    static List<String> javaOptions() {
        try (java.io.InputStream in = SparkExecutor.class.getResourceAsStream("java-options.txt")) {
            if (in == null) throw new IllegalStateException("pma/spark/java-options.txt is missing from pma-spark's jar");
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!text.startsWith("--add-opens=")) {
                throw new IllegalStateException("pma/spark/java-options.txt holds no --add-opens options (built without filtering?)");
            }
            return List.of(text.split("\\s+"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?");
    private static final String OWNER = "spark.pma.owner";
    private static final long POLL_MILLIS = 20;

    private final String master;
    private final int threads;
    private final RunnerFactory runners;
    private JavaSparkContext context;
    private boolean ownsContext;

    /**
     * @param master a checked master URL (see {@link #master})
     * @param threads engine threads per task on executors; 0 = {@code spark.executor.cores} when set,
     *     else the engine's default
     */
    SparkExecutor(String master, int threads, RunnerFactory runners) {
        this.master = master;
        this.threads = threads;
        this.runners = runners;
    }

    /** Found by {@link java.util.ServiceLoader}: {@code --executor spark}. */
    public static final class Provider implements TaskExecutor.Provider {
        @Override
        public String name() {
            return "spark";
        }

        @Override
        public TaskExecutor create(String master, int threads) {
            try {
                Class.forName("org.apache.spark.SparkContext", false, Provider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new BadInputException("--executor spark needs Spark on the class path "
                        + "(bin/pma adds it when the pma-spark module is built; spark-submit provides it)");
            }
            String resolved = master(master);
            checkJavaOptions();
            return new SparkExecutor(resolved, threads, new RunnerFactory.Djl());
        }
    }

    @Override
    public void execute(Workload work, List<Task> todo, Sink sink) {
        if (todo.isEmpty()) return;
        JavaSparkContext sc = context();
        Broadcast<Workload> shared = sc.broadcast(work);
        TrainTask train = new TrainTask(UUID.randomUUID().toString(), shared, runners, threads);
        Map<Task, JavaFutureAction<List<TrainTask.Reply>>> running = new LinkedHashMap<>();
        try {
            // Every task is submitted at once; Spark's FIFO scheduler starts them in this order.
            for (Task task : todo) {
                sc.setJobDescription("pma " + task.key());
                running.put(task, sc.parallelize(List.of(task), 1).map(train).collectAsync());
            }
            while (!running.isEmpty()) {
                boolean delivered = false;
                for (Iterator<Map.Entry<Task, JavaFutureAction<List<TrainTask.Reply>>>> it = running.entrySet().iterator();
                     it.hasNext(); ) {
                    Map.Entry<Task, JavaFutureAction<List<TrainTask.Reply>>> e = it.next();
                    if (!e.getValue().isDone()) continue;
                    it.remove();
                    deliver(e.getKey(), e.getValue(), work, sink);
                    delivered = true;
                }
                if (!delivered) Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark tasks", e);
        } finally {
            // Stop what is still queued when the driver gives up (a ledger error, an interrupt).
            running.values().forEach(f -> f.cancel(true));
            if (running.isEmpty()) shared.destroy();
        }
    }

    private static void deliver(Task task, JavaFutureAction<List<TrainTask.Reply>> job, Workload work, Sink sink)
            throws InterruptedException {
        TrainTask.Reply reply;
        try {
            reply = job.get().get(0);
        } catch (ExecutionException e) {
            // Out of retries: Spark's message names the attempts and the executor's last error.
            long seed = TrainingTaskRunner.seedOf(work.config().seed(), task);
            sink.failed(task, seed, oneLine(e.getCause() == null ? e : e.getCause()));
            return;
        }
        if (reply.error() == null) sink.finished(reply.result());
        else sink.failed(task, reply.seed(), reply.error());
    }

    /** The first line of a throwable's message, without Spark's generic prefix, at most 1000 characters. */
    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        m = m.replaceFirst("^Job aborted due to stage failure: ", "").strip();
        return m.length() > 1000 ? m.substring(0, 1000) + "..." : m;
    }

    private synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = conf(master);
            String mark = UUID.randomUUID().toString();
            conf.set(OWNER, mark);
            SparkContext sc;
            try {
                // An active context (a notebook's, a test's) is reused and left running.
                sc = SparkContext.getOrCreate(conf);
            } catch (RuntimeException e) {
                throw new BadInputException("Spark could not start with master " + master + ": " + oneLine(e), e);
            }
            ownsContext = mark.equals(sc.getConf().get(OWNER, ""));
            if (ownsContext) sc.addSparkListener(new LossReport(System.err));
            context = JavaSparkContext.fromSparkContext(sc);
        }
        return context;
    }

    @Override
    public synchronized void close() {
        if (context != null && ownsContext) context.stop();
        context = null;
    }

    /**
     * The configuration pma starts Spark with: {@code spark.*} system properties (as spark-submit
     * sets them), the master, and local masters given Spark's task retries.
     */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("pma run");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setMaster(withRetries(master, conf.getInt("spark.task.maxFailures", 4)));
        if (!LOCAL.matcher(master).matches()) forExecutorProcesses(conf, driverJars(), System.getenv());
        return conf;
    }

    /** The engine settings bin/pma exports; executors get the driver's values. */
    static final List<String> ENGINE_ENVIRONMENT = List.of("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");

    /**
     * What executors in JVMs of their own need, where spark-submit has not said otherwise: Java 17's
     * {@code --add-opens} and DJL's offline mode as JVM options; pma's jars (DJL and the PyTorch
     * library among them), shipped by the driver through {@code spark.jars}; the driver's engine
     * environment; and, for a master on the loopback address, a driver bound there too.
     *
     * @param jars the jars to ship when {@code spark.jars} is unset (spark-submit sets it to the assembly)
     */
    static void forExecutorProcesses(SparkConf conf, List<String> jars, Map<String, String> env) {
        String given = conf.get("spark.executor.extraJavaOptions", "");
        conf.set("spark.executor.extraJavaOptions",
                (String.join(" ", JAVA_OPTIONS) + " -Dai.djl.offline=true " + given).strip());
        if (!conf.contains("spark.jars") && !jars.isEmpty()) conf.set("spark.jars", String.join(",", jars));
        for (String name : ENGINE_ENVIRONMENT) {
            if (env.containsKey(name)) conf.setIfMissing("spark.executorEnv." + name, env.get(name));
        }
        Matcher host = Pattern.compile("spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?").matcher(conf.get("spark.master"));
        if (host.matches()) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
    }

    /**
     * The jars of this JVM's class path (with those their manifests name) that a Spark installation
     * lacks: all but the ones beside Spark's own jar.
     */
    static List<String> driverJars() {
        Path sparkDir;
        try {
            sparkDir = Path.of(SparkContext.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return List.of();
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar")) addWithManifest(Path.of(entry).toAbsolutePath().normalize(), jars);
        }
        return jars.stream().filter(j -> !sparkDir.equals(j.getParent())).map(Path::toString).toList();
    }

    private static void addWithManifest(Path jar, Set<Path> out) {
        if (!Files.isRegularFile(jar) || !out.add(jar)) return;
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) return;
            for (String rel : cp.trim().split("\\s+")) addWithManifest(jar.resolveSibling(rel).normalize(), out);
        } catch (IOException e) {
            // An unreadable jar is shipped as it is; the executor reports what it lacks.
        }
    }

    /** {@code local} and {@code local[N]} become {@code local[N,F]}; other masters are left alone. */
    static String withRetries(String master, int maxFailures) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches() || m.group(2) != null) return master;
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + maxFailures + "]";
    }

    /**
     * Checks a {@code --master} value; null means spark-submit's ({@code spark.master}), else
     * {@code local[*]}.
     */
    static String master(String given) {
        String master = given != null ? given.strip() : System.getProperty("spark.master", "local[*]");
        boolean ok = LOCAL.matcher(master).matches() || master.equals("yarn")
                || master.matches("(spark|k8s|mesos)://\\S+") || master.matches("local-cluster\\[\\d+,\\d+,\\d+]");
        if (!ok) {
            throw new BadInputException("--master must be local[N], local[*], spark://HOST:PORT, yarn or k8s://URL, got "
                    + (master.isEmpty() ? "nothing" : master));
        }
        return master;
    }

    /** Spark fails deep inside its start-up without these; say so in one line instead. */
    static void checkJavaOptions() {
        Module unnamed = SparkExecutor.class.getClassLoader().getUnnamedModule();
        for (String option : JAVA_OPTIONS) {
            String pkg = option.substring(option.indexOf('/') + 1, option.lastIndexOf('='));
            if (!Object.class.getModule().isOpen(pkg, unnamed)) {
                throw new BadInputException("Spark needs JVM options such as " + option + " (bin/pma and spark-submit "
                        + "add them; otherwise see docs/spark.md)");
            }
        }
    }
}
