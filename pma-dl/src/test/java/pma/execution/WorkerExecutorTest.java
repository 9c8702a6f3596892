package pma.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import pma.config.ExperimentConfig;

/** {@code --workers auto} on a CPU: one worker per core, no more than tasks, within memory. Worked by hand. */
class WorkerExecutorTest {
    private static final long GIB = 1L << 30;

    @Test
    void oneWorkerPerCoreWhenMemoryAllows() {
        // 2 cores, 24 GiB: 18 GiB usable, 6 tasks of 3 GiB would fit; the cores decide.
        assertThat(WorkerExecutor.auto(2, 10, 24 * GIB, 3 * GIB)).isEqualTo(2);
    }

    @Test
    void noMoreWorkersThanTasks() {
        assertThat(WorkerExecutor.auto(16, 3, 128 * GIB, GIB)).isEqualTo(3);
        assertThat(WorkerExecutor.auto(16, 1, 128 * GIB, GIB)).isEqualTo(1);
    }

    @Test
    void memoryCapsTheWorkers() {
        // 64 cores, 256 GiB: 192 GiB usable / 10 GiB per task = 19.2 -> 19.
        assertThat(WorkerExecutor.auto(64, 100, 256 * GIB, 10 * GIB)).isEqualTo(19);
        // A task larger than three quarters of the memory still gets one worker.
        assertThat(WorkerExecutor.auto(8, 8, 8 * GIB, 7 * GIB)).isEqualTo(1);
    }

    @Test
    void withoutWorkersTheThreadsPerTaskShareTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        Assumptions.assumeTrue(cores >= 2 && pma.engine.Engines.device().equals(ai.djl.Device.cpu()), "one CPU core");
        ExperimentConfig quick = ExperimentConfig.quick().toBuilder().setModels("quick_cnn").optImageSize(16).build();
        Placement unset = new Placement(Placement.LOCAL, null, Placement.UNSET, 0);
        // quick_cnn at 16 px is far below the memory: the cores and the 4 tasks decide.
        assertThat(unset.processes(quick, 4, 10, 0)).isEqualTo(Math.min(cores, 4));
        assertThat(unset.processes(quick, 4, 10, 1)).isEqualTo(Math.min(cores, 4));
        // A ledger of tasks on every core (or --threads at the cores): one at a time, in this process.
        assertThat(unset.processes(quick, 4, 10, cores)).isEqualTo(1);
        assertThat(new Placement(Placement.LOCAL, null, Placement.UNSET, cores).processes(quick, 4, 10, 0)).isEqualTo(1);
        assertThat(new Placement(Placement.LOCAL, null, 3, 0).processes(quick, 4, 10, cores)).isEqualTo(3);
        assertThat(Placement.local().processes(quick, 4, 10, 0)).isEqualTo(1);
    }

    @Test
    void workersAreToldToStayOnTheCpuAndAnOlderHeaderMeansAuto() throws Exception {
        // --device cpu in the parent must reach each worker process, which picks its own device otherwise.
        String json = TaskWorker.JSON.writeValueAsString(new TaskWorker.Header("d", "{}", 1, "gradcam", "", true));
        assertThat(json).contains("\"cpuOnly\":true");
        assertThat(TaskWorker.JSON.readValue(json, TaskWorker.Header.class).cpuOnly()).isTrue();
        String older = "{\"data\":\"d\",\"config\":\"{}\",\"threads\":1,\"camMethods\":\"gradcam\",\"camLayer\":\"\"}";
        assertThat(TaskWorker.JSON.readValue(older, TaskWorker.Header.class).cpuOnly()).isFalse();
    }
}
