package pma.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Stores a network's convolution kernels channels-last (NHWC in memory, NCHW in shape), so that
 * libtorch's oneDNN convolutions run on channels-last tensors from the first convolution on and
 * every layer after it keeps that layout: no reorder of each activation into and out of oneDNN's
 * blocked format, as the default NCHW layout needs. libtorch picks the layout of a convolution from
 * its input or its kernel, and element-wise layers, batch norm and pooling keep the layout they are
 * given, so the kernels alone decide it.
 *
 * <p>DJL offers no memory-format call, so the kernels are made channels-last when they are
 * created: each 4-D parameter's initializer is wrapped to draw the same values as before and
 * return them in a channels-last tensor (a clone of a permuted view keeps its strides). The
 * values, shapes and names of the parameters do not change; reading them ({@code toFloatArray})
 * and writing them ({@link #assign}) go by logical index, as for any tensor. What changes is the
 * order of the floating-point sums inside the convolutions, so results differ from the NCHW
 * layout in the last bits, as they do between thread counts.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * Wraps the initializer of every parameter of {@code block} when it trains on the CPU; a GPU keeps
     * DJL's layout (whether cuDNN gains in 32-bit floats depends on the card; not measured). Call after
     * the trainer is created (it may set initializers) and before it initializes the block.
     */
    public static void apply(Block block, Device device) {
        if (device.isGpu()) return;
        for (var p : block.getParameters()) {
            Parameter parameter = p.getValue();
            Initializer inner = parameter.getInitializer();
            if (inner != null && !(inner instanceof Kernels)) parameter.setInitializer(new Kernels(inner));
        }
    }

    /** Draws with {@code inner}, then lays 4-D results out channels-last. */
    private record Kernels(Initializer inner) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            NDArray drawn = inner.initialize(manager, shape, dataType);
            if (shape.dimension() != 4) return drawn;
            return toChannelsLast(drawn);
        }
    }

    /**
     * Writes {@code values} (in logical, row-major order) into {@code target} in place, keeping its
     * memory layout: DJL's {@code set(float[])} replaces a tensor's storage with a contiguous one,
     * which would turn a channels-last kernel, and with it the whole network, back to NCHW.
     */
    public static void assign(NDArray target, float[] values) {
        boolean recording = Engines.stopGradientRecording(); // an in-place write to a trained leaf
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex("..."), source);
        } finally {
            Engines.restoreGradientRecording(recording);
        }
    }

    /**
     * A channels-last copy of a 4-D tensor with the same values; closes {@code nchw}. Exposed for
     * tests and for tensors made outside an initializer.
     */
    public static NDArray toChannelsLast(NDArray nchw) {
        Shape s = nchw.getShape();
        // (N, H, W, C) laid out densely, then viewed as (N, C, H, W); the clone keeps those strides.
        try (NDArray nhwcView = nchw.transpose(0, 2, 3, 1);
             NDArray flat = nhwcView.flatten();
             NDArray nhwc = flat.reshape(new Shape(s.get(0), s.get(2), s.get(3), s.get(1)));
             NDArray nchwView = nhwc.transpose(0, 3, 1, 2)) {
            NDArray out = nchwView.duplicate();
            out.setName(nchw.getName());
            nchw.close();
            return out;
        }
    }
}
