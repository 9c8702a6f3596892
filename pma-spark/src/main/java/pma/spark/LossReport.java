package pma.spark;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Says in one line each when an executor goes away and when a task attempt fails, so that a run
 * which goes on after a lost machine shows what Spark did: pma logs nothing through Spark's logger.
 */
final class LossReport extends SparkListener {
    private final PrintStream out;
    /** The pma task of each Spark stage, from its job's description ("pma quick_cnn/3/"). */
    private final Map<Integer, String> taskOfStage = new ConcurrentHashMap<>();

    LossReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
        if (description == null) return;
        scala.collection.Iterator<Object> stages = job.stageIds().iterator();
        while (stages.hasNext()) taskOfStage.put((Integer) stages.next(), description);
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        out.printf("spark: executor %s removed (%s); its tasks run again on the others%n", removed.executorId(),
                SparkExecutor.oneLine(new RuntimeException(removed.reason())));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() == Success$.MODULE$) return;
        out.printf("spark: %s, attempt %d on executor %s failed: %s%n", taskOfStage.getOrDefault(end.stageId(), "stage " + end.stageId()),
                end.taskInfo().attemptNumber(), end.taskInfo().executorId(),
                SparkExecutor.oneLine(new RuntimeException(end.reason().toString())));
    }
}
