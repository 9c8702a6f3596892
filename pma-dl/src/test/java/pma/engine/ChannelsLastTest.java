package pma.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pma.models.Models;

/**
 * The channels-last kernels: same values, same shapes, another memory layout. The layout is read
 * from libtorch itself ({@code Tensor::is_contiguous()}, which is false for a dense channels-last
 * tensor of more than one channel); the convolution on such a kernel is checked against one computed
 * here by direct summation.
 */
class ChannelsLastTest {
    static Method isContiguous;
    static Object lib;

    @BeforeAll
    static void engine() throws ReflectiveOperationException {
        Engines.init();
        Class<?> c = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field f = c.getDeclaredField("LIB");
        f.setAccessible(true);
        lib = f.get(null);
        isContiguous = c.getDeclaredMethod("torchIsContiguous", long.class);
        isContiguous.setAccessible(true);
    }

    static boolean contiguous(NDArray a) throws ReflectiveOperationException {
        return (boolean) isContiguous.invoke(lib, ((ai.djl.pytorch.engine.PtNDArray) a).getHandle());
    }

    static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    @Test
    void keepsValuesAndShapeInAnotherLayout() throws ReflectiveOperationException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray nchw = m.create(ramp(2 * 3 * 4 * 5), new Shape(2, 3, 4, 5));
            assertThat(contiguous(nchw)).isTrue();
            NDArray cl = ChannelsLast.toChannelsLast(nchw);
            assertThat(cl.getShape()).isEqualTo(new Shape(2, 3, 4, 5));
            assertThat(cl.toFloatArray()).containsExactly(ramp(120));
            // Element (n=1, c=2, h=3, w=4) is 1*60 + 2*20 + 3*5 + 4 = 119, read by index.
            assertThat(cl.getFloat(1, 2, 3, 4)).isEqualTo(119f);
            assertThat(contiguous(cl)).as("channels-last strides").isFalse();
        }
    }

    @Test
    void writingByValueKeepsTheLayout() throws ReflectiveOperationException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray cl = ChannelsLast.toChannelsLast(m.zeros(new Shape(4, 3, 3, 3)));
            float[] values = ramp(108);
            ChannelsLast.assign(cl, values); // how best weights are restored and weights files loaded
            assertThat(cl.toFloatArray()).containsExactly(values);
            assertThat(contiguous(cl)).isFalse();
        }
    }

    @Test
    void convolutionOnAChannelsLastKernelEqualsDirectSummation() {
        int n = 2, c = 3, h = 6, w = 5, o = 4, k = 3;
        Random rng = new Random(3);
        float[] x = new float[n * c * h * w];
        float[] kern = new float[o * c * k * k];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < kern.length; i++) kern[i] = (float) rng.nextGaussian();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray weight = ChannelsLast.toChannelsLast(m.create(kern, new Shape(o, c, k, k)));
            NDArray out = Conv2d.conv2d(m.create(x, new Shape(n, c, h, w)), weight, null,
                    new Shape(1, 1), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(n, o, h, w));
            for (int b = 0; b < n; b++)
                for (int f = 0; f < o; f++)
                    for (int i = 0; i < h; i++)
                        for (int j = 0; j < w; j++) {
                            double sum = 0;
                            for (int ch = 0; ch < c; ch++)
                                for (int di = 0; di < k; di++)
                                    for (int dj = 0; dj < k; dj++) {
                                        int yi = i + di - 1, xj = j + dj - 1;
                                        if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                                        sum += x[((b * c + ch) * h + yi) * w + xj] * kern[((f * c + ch) * k + di) * k + dj];
                                    }
                            assertThat((double) out.getFloat(b, f, i, j)).as("(%d,%d,%d,%d)", b, f, i, j)
                                    .isCloseTo(sum, within(1e-4));
                        }
        }
    }

    @Test
    void networkKernelsAreChannelsLastWithTheSameInitialValues() throws ReflectiveOperationException {
        List<float[]> plain = initialValues(false, null);
        List<Boolean> layout = new ArrayList<>();
        List<float[]> cl = initialValues(true, layout);
        assertThat(cl).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) assertThat(cl.get(i)).containsExactly(plain.get(i));
        // quick_cnn: four convolutions; the first has one input channel, where both layouts coincide.
        assertThat(layout).containsExactly(true, false, false, false);
    }

    /** quick_cnn's parameters right after initialisation from seed 9; with {@code layout}, each kernel's contiguity. */
    static List<float[]> initialValues(boolean channelsLast, List<Boolean> layout) throws ReflectiveOperationException {
        Block block = Models.build("quick_cnn", 1, 16).block();
        if (channelsLast) ChannelsLast.apply(block, ai.djl.Device.cpu());
        List<float[]> values = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Engines.seed(9);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 16, 16));
            for (var p : block.getParameters()) {
                Parameter param = p.getValue();
                values.add(param.getArray().toFloatArray());
                if (layout != null && param.getArray().getShape().dimension() == 4) layout.add(contiguous(param.getArray()));
            }
            // The network still runs forward on these kernels.
            NDArray logits = block.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 1, 16, 16))), false)
                    .singletonOrThrow();
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 2));
        }
        return values;
    }
}
