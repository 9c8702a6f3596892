package pma.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pma.engine.Engines;

@Tag("engine")
class ModelsTest {

    @BeforeAll
    static void engine() {
        Engines.init();
        Engines.seed(1);
    }

    @Test
    void catalogueListsTheFourModels() {
        assertThat(Models.names()).containsExactly(
                "cnn1", "cnn2", "quick_cnn", "quick_resnet", "resnet152", "densenet121");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Models.build("resnet9000", 3, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown model 'resnet9000'; known models: cnn1, cnn2, quick_cnn,"
                                + " quick_resnet, resnet152, densenet121");
    }

    @Test
    void tooSmallImagesAreRefused() {
        assertThatThrownBy(() -> Models.build("cnn1", 3, 22))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model cnn1 needs images of at least 23 px, got 22");
        assertThat(Models.build("cnn1", 3, 23)).isNotNull();
    }

    @Test
    void kerasNetsHaveThePapersParameterCountsAt140x140x3() {
        assertThat(Models.parameterCount(Models.build("cnn1", 3, 140), 3, 140)).isEqualTo(131_519L);
        assertThat(Models.parameterCount(Models.build("cnn2", 3, 140), 3, 140)).isEqualTo(239_494L);
    }

    @Test
    void parameterCountLeavesTheNetworkUsable() {
        Network net = Models.build("quick_cnn", 1, 32);
        long before = Models.parameterCount(net, 1, 32);
        assertThat(before).isGreaterThan(0);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 32, 32);
            net.block().initialize(m, DataType.FLOAT32, in);
            NDArray out =
                    net.block()
                            .forward(new ParameterStore(m, false), new NDList(m.ones(in)), false)
                            .singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(2, 2));
            // Once initialised, counting reads the live arrays.
            assertThat(Models.parameterCount(net, 1, 32)).isEqualTo(before);
        }
    }

    /** The small networks, with one and three channels (the large ones: {@link ZooTest}). */
    static java.util.stream.Stream<Object[]> modelsAndChannels() {
        return java.util.stream.Stream.of("cnn1", "cnn2", "quick_cnn", "quick_resnet")
                .flatMap(m -> java.util.stream.Stream.of(new Object[] {m, 1}, new Object[] {m, 3}));
    }

    @ParameterizedTest(name = "{0} with {1} channel(s)")
    @MethodSource("modelsAndChannels")
    void everyModelMapsABatchToTwoLogitsAt32px(String name, int channels) {
        Network net = Models.build(name, channels, 32);
        try (Model model = Model.newInstance(name, Device.cpu(), Engines.ENGINE)) {
            model.setBlock(net.block());
            Shape in = new Shape(3, channels, 32, 32);
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, in);
            NDManager m = model.getNDManager();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, in);
            NDArray whole = model.getBlock().forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(whole.getShape()).isEqualTo(new Shape(3, 2));
            // features then head give the same logits as the whole block
            NDList fmap = net.features().forward(ps, new NDList(x), false);
            assertThat(fmap.singletonOrThrow().getShape().dimension()).isEqualTo(4);
            assertThat(fmap.singletonOrThrow().getShape().get(0)).isEqualTo(3);
            NDArray viaParts = net.head().forward(ps, fmap, false).singletonOrThrow();
            assertThat(viaParts.toFloatArray()).containsExactly(whole.toFloatArray());
            // and in training mode
            NDArray training = model.getBlock().forward(ps, new NDList(x), true).singletonOrThrow();
            assertThat(training.getShape()).isEqualTo(new Shape(3, 2));
        }
    }
}
