package pma.execution;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import pma.BadInputException;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.ImageTensors;
import pma.dataset.Preprocessor;
import pma.config.ExperimentConfig;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.split.Split;
import pma.engine.Engines;
import pma.train.TrainingTaskRunner;

/**
 * A worker process for {@link WorkerExecutor}: trains the tasks it is sent on standard input, one at a
 * time, and answers each with its result on standard output. It never touches the ledger.
 *
 * <p>Protocol, one JSON document per line. In: a {@link Header}, then one {@link Job} per task.
 * Out: {@code RESULT <TaskResult>} per job, or {@code BAD <message>} (bad input, e.g. a diverged
 * task) or {@code FAIL <message>}, after which the worker stops. Other output lines are ignored by
 * the parent, so a native library's chatter cannot corrupt the stream.
 */
public final class TaskWorker {
    static final String RESULT = "RESULT ";
    static final String BAD = "BAD ";
    static final String FAIL = "FAIL ";

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What every task of a run shares: the dataset folder, the settings, the engine threads, and
     * whether the run was told to stay on the CPU ({@code --device cpu}) where a GPU is found.
     */
    record Header(String data, String config, int threads, String camMethods, String camLayer, boolean cpuOnly) {}

    /** One task and the split it trains on (exclusions already applied). */
    record Job(Task task, Split split) {}

    private TaskWorker() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // only protocol lines go to the real standard output
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null) return;
        try {
            Header h = JSON.readValue(first, Header.class);
            ExperimentConfig config = ExperimentConfig.fromJson(h.config());
            Dataset dataset = DatasetReader.read(Path.of(h.data()), config.decision().positiveClass(), w -> {});
            ImageTensors tensors = Preprocessor.load(dataset, config.preprocessing());
            if (Engines.precision() != config.training().precision()) {
                throw new IllegalStateException("worker computes in " + Engines.precision().code() + ", the run in "
                        + config.training().precision().code());
            }
            if (h.cpuOnly()) Engines.useCpu();
            Engines.setIntraOpThreads(h.threads());
            TrainingTaskRunner runner = new TrainingTaskRunner(config, tensors, dataset.targets()).withCams(pma.explain.CamOptions.parse(h.camMethods(), h.camLayer()));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Job job = JSON.readValue(line, Job.class);
                TaskResult result = runner.run(job.task(), job.split());
                out.println(RESULT + JSON.writeValueAsString(result));
            }
        } catch (BadInputException e) {
            out.println(BAD + oneLine(e.getMessage()));
        } catch (RuntimeException | IOException e) {
            out.println(FAIL + oneLine(String.valueOf(e)));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
