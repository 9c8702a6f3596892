package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import pma.engine.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("engine")
class OptimizersTest {

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    /** Optimizer state is owned by the caller's manager and released with it. */
    @ParameterizedTest
    @CsvSource({"adam,2", "momentum,1", "sgd,0"})
    void stateLivesInTheCallersManager(String name, int statesPerParameter) {
        TrainingConfig cfg = new TrainingConfig(
                "quick_cnn", 32, 1, 1, 1, 1, name, 0.1f, 0.9f, 0f, false, false, 1);
        try (NDManager params = NDManager.newBaseManager()) {
            NDManager state = params.newSubManager();
            Optimizer opt = Optimizers.create(cfg, state);
            NDArray w = params.ones(new Shape(3, 4));
            NDArray w2 = params.ones(new Shape(5));
            for (int step = 0; step < 3; step++) {
                opt.update("w", w, params.ones(new Shape(3, 4)));
                opt.update("w2", w2, params.ones(new Shape(5)));
            }
            java.util.List<NDArray> owned = state.getManagedArrays();
            assertThat(owned).hasSize(2 * statesPerParameter);
            // the update really moved the weights
            assertThat(w.toFloatArray()[0]).isLessThan(1f);
            state.close();
            for (NDArray a : owned) {
                assertThat(a.isReleased()).isTrue();
            }
        }
    }
}
