package pma.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalisation over the channel axis (1) of an image batch: DJL's {@link BatchNorm} with its
 * default axis, in one engine call.
 *
 * <p>DJL's PyTorch engine wraps a batch norm whose axis is not -1 in two transposes (here of axis 1
 * with itself: views, but four more autograd nodes per layer and step, 484 in a densenet121 step,
 * 2.3% of its time); libtorch's batch norm normalises axis 1 by itself, which DJL's engine asks for
 * when told axis -1. This block does that. Its parameters, their order and initial values, and its
 * saved form (version 2: input shapes, then the channel count) are those of DJL's block, so weights
 * files load into either; the arithmetic is the same call, so the results are the same bits.
 */
public final class ChannelBatchNorm extends AbstractBlock {
    private static final byte VERSION = 2;
    /** DJL's axis for "the engine's own channel axis": no transposes in the PyTorch engine. */
    private static final int ENGINE_AXIS = -1;

    private final float epsilon;
    private final float momentum;
    private long channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param epsilon added to the variance, as DJL's {@code optEpsilon} (its default 1e-5)
     * @param momentum weight of the old running statistics, as DJL's {@code optMomentum} (its
     *     default 0.9; PyTorch's momentum is one minus this)
     */
    public ChannelBatchNorm(float epsilon, float momentum) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, true));
        runningMean = addParameter(parameter("runningMean", Parameter.Type.RUNNING_MEAN, false));
        runningVar = addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, false));
    }

    /** DJL's defaults: epsilon 1e-5, momentum 0.9. */
    public ChannelBatchNorm() {
        this(1e-5f, 0.9f);
    }

    private static Parameter parameter(String name, Parameter.Type type, boolean trained) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(trained).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        return BatchNorm.batchNorm(
                x,
                store.getValue(runningMean, device, training),
                store.getValue(runningVar, device, training),
                store.getValue(gamma, device, training),
                store.getValue(beta, device, training),
                ENGINE_AXIS,
                momentum,
                epsilon,
                training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("unsupported batch norm encoding version " + loadVersion);
        }
        channels = is.readLong();
    }
}
