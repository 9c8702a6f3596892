package pma.spark;

import java.io.Serializable;
import pma.experiment.TaskRunner;
import pma.experiment.Workload;
import pma.train.TrainingTaskRunner;

/** Makes the runner that trains tasks on an executor; shipped to executors, so serialisable. */
interface RunnerFactory extends Serializable {
    TaskRunner create(Workload work);

    /** Training with DJL, as a local run does. */
    final class Djl implements RunnerFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public TaskRunner create(Workload work) {
            return new TrainingTaskRunner(work.config(), work.tensors(), work.targets());
        }
    }
}
