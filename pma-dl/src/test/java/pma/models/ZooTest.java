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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pma.BadInputException;
import pma.engine.Engines;

/** The paper's large networks: parameter counts against Keras, forward cost, weights files. */
@Tag("engine")
class ZooTest {

    @BeforeAll
    static void engine() {
        Engines.init();
        Engines.seed(1);
    }

    /**
     * Keras' DenseNet121(weights=None, classes=2) has 7,039,554 parameters (8,062,504 with the
     * 1000-class top, less 1,025,000, plus 2,050), batch-norm moving statistics included.
     */
    @Test
    void densenet121HasKerasParameterCount() {
        Models.Summary s = Models.summarize("densenet121", 3, 140);
        assertThat(s.parameters()).isEqualTo(7_039_554L);
        assertThat(s.featureMap()).isEqualTo(new Shape(1024, 4, 4));
    }

    /**
     * Keras' ResNet152 body has 58,370,944 parameters; DJL's ResNetV1 body has 15,872 fewer, the
     * biases Keras gives the stem convolution (64), every bottleneck's 3x3 convolution (3x64 +
     * 8x128 + 36x256 + 3x512 = 11,968) and the four projection shortcuts (256 + 512 + 1024 +
     * 2048 = 3,840); each is followed by batch norm, whose shift makes such a bias redundant. The
     * authors' head adds Dense(1024) and Dense(2): 2,098,176 + 2,050.
     */
    @Test
    void resnet152IsKerasBodyLessRedundantBiasesPlusTheAuthorsHead() {
        Models.Summary s = Models.summarize("resnet152", 3, 140);
        long kerasBody = 58_370_944L;
        long redundantBiases = 64 + (3 * 64 + 8 * 128 + 36 * 256 + 3 * 512) + (256 + 512 + 1024 + 2048);
        long head = 2048L * 1024 + 1024 + 1024 * 2 + 2;
        assertThat(s.parameters()).isEqualTo(kerasBody - redundantBiases + head).isEqualTo(60_455_298L);
        assertThat(s.featureMap()).isEqualTo(new Shape(2048, 5, 5));
    }

    /** Forward cost at 224 px against the published figures (11.3 and 2.87 G multiply-adds). */
    @Tag("slow")
    @Test
    void multiplyAddsMatchPublishedFiguresAt224px() {
        assertThat(Models.summarize("resnet152", 3, 224).multiplyAdds() / 1e9).isBetween(11.2, 11.4);
        assertThat(Models.summarize("densenet121", 3, 224).multiplyAdds() / 1e9).isBetween(2.8, 2.9);
    }

    /** quick_cnn at 8x8 grey, by hand: four 3x3 convolutions and one dense layer. */
    @Test
    void multiplyAddsCountConvolutionsAndDenseLayers() {
        long expected = 8 * 8 * 16 * 9 // 1->16 at 8x8
                + 4 * 4 * 32 * 16 * 9 // 16->32 at 4x4
                + 2 * 2 * 64 * 32 * 9 // 32->64 at 2x2
                + 1 * 1 * 64 * 64 * 9 // 64->64 at 1x1
                + 2 * 64; // dense 64->2
        Models.Summary s = Models.summarize("quick_cnn", 1, 8);
        assertThat(s.multiplyAdds()).isEqualTo(expected);
        assertThat(s.forwardGflops()).isEqualTo(2.0 * expected / 1e9);
    }

    /** quick_cnn at 8x8 grey, by hand: each convolution's output and its batch norm's, and the dense layer's. */
    @Test
    void activationsCountConvolutionBatchNormAndDenseOutputs() {
        long convolutions = 16 * 8 * 8 + 32 * 4 * 4 + 64 * 2 * 2 + 64 * 1 * 1;
        assertThat(Models.summarize("quick_cnn", 1, 8).activations()).isEqualTo(2 * convolutions + 2);
    }

    /**
     * The training-memory estimate errs high, but not wildly, against the peak resident memory
     * {@code pma bench --phases train --threads 1 --warmup 1 --steps 2} measured on the 2-core
     * machine (2026-12-07): densenet121 at 140 px 813 MiB (batch 8) and 2,342 MiB (batch 32), cnn1
     * 410 and 939 MiB, quick_cnn at 64 px grey, batch 32, 329 MiB.
     */
    @Test
    void trainingMemoryEstimateErrsHighAgainstMeasuredPeaks() {
        Models.Summary d121 = Models.summarize("densenet121", 3, 140);
        Models.Summary cnn1 = Models.summarize("cnn1", 3, 140);
        Models.Summary quick = Models.summarize("quick_cnn", 1, 64);
        double mib = 1 << 20;
        assertThat(d121.trainingBytes(8) / mib).isBetween(813.0, 3.0 * 813);
        assertThat(d121.trainingBytes(32) / mib).isBetween(2_342.0, 3.0 * 2_342);
        assertThat(cnn1.trainingBytes(8) / mib).isBetween(410.0, 3.0 * 410);
        assertThat(cnn1.trainingBytes(32) / mib).isBetween(939.0, 3.0 * 939);
        assertThat(quick.trainingBytes(32) / mib).isBetween(329.0, 3.0 * 329);
    }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(strings = {"resnet152", "densenet121"})
    void largeNetsMapABatchToTwoLogitsThroughFeaturesAndHead(String name) {
        Network net = Models.build(name, 3, 32);
        try (Model model = Model.newInstance(name, Device.cpu(), Engines.ENGINE)) {
            model.setBlock(net.block());
            Shape in = new Shape(2, 3, 32, 32);
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, in);
            NDManager m = model.getNDManager();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, in);
            NDArray whole = model.getBlock().forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(whole.getShape()).isEqualTo(new Shape(2, 2));
            NDList fmap = net.features().forward(ps, new NDList(x), false);
            assertThat(fmap.singletonOrThrow().getShape().get(2)).isEqualTo(1); // 32 px -> 1x1
            assertThat(net.head().forward(ps, fmap, false).singletonOrThrow().toFloatArray())
                    .containsExactly(whole.toFloatArray());
        }
    }

    @Test
    void weightsRoundTripThroughADjlParamsFile(@TempDir Path dir) {
        Path file = dir.resolve("cnn2-0003.params");
        Shape in = new Shape(1, 1, 16, 16);
        try (Model a = Model.newInstance("a", Device.cpu(), Engines.ENGINE);
                Model b = Model.newInstance("b", Device.cpu(), Engines.ENGINE)) {
            Engines.seed(11);
            Block first = Models.build("cnn2", 1, 16).block();
            first.initialize(a.getNDManager(), DataType.FLOAT32, in);
            Models.saveWeights(first, file);
            assertThat(file).exists();

            Engines.seed(12); // different random start
            Block second = Models.build("cnn2", 1, 16).block();
            second.initialize(b.getNDManager(), DataType.FLOAT32, in);
            NDArray probe = b.getNDManager().randomUniform(0f, 1f, new Shape(2, 1, 16, 16));
            float[] want = first.forward(new ParameterStore(a.getNDManager(), false),
                    new NDList(probe.duplicate()), false).singletonOrThrow().toFloatArray();
            ParameterStore ps = new ParameterStore(b.getNDManager(), false);
            assertThat(second.forward(ps, new NDList(probe), false).singletonOrThrow().toFloatArray())
                    .isNotEqualTo(want);

            Parameter firstWeight = second.getParameters().valueAt(0);
            NDArray before = firstWeight.getArray();
            Models.loadWeights(second, "cnn2", 1, 16, file);
            assertThat(firstWeight.getArray()).isSameAs(before); // copied in place
            assertThat(second.forward(ps, new NDList(probe), false).singletonOrThrow().toFloatArray())
                    .containsExactly(want);
        }
    }

    @Test
    void weightsForAnotherNetworkOrBadNamesAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("q-0000.params");
        try (Model a = Model.newInstance("a", Device.cpu(), Engines.ENGINE)) {
            Block cnn = Models.build("quick_cnn", 1, 16).block();
            cnn.initialize(a.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
            Models.saveWeights(cnn, file);
            Block resnet = Models.build("quick_resnet", 1, 16).block();
            resnet.initialize(a.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
            assertThatThrownBy(() -> Models.loadWeights(resnet, "quick_resnet", 1, 16, file))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("q-0000.params")
                    .hasMessageContaining("quick_resnet");
            assertThatThrownBy(() -> Models.loadWeights(cnn, "quick_cnn", 1, 16, dir.resolve("w.params")))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("must be named NAME-NNNN.params");
            assertThatThrownBy(() -> Models.loadWeights(cnn, "quick_cnn", 1, 16, dir.resolve("gone-0001.params")))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("not found");
            assertThat(Files.list(dir).count()).isEqualTo(1);
        }
    }
}
