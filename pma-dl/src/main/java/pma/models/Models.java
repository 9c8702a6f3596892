package pma.models;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDArrays;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pma.BadInputException;
import pma.engine.ChannelsLast;
import pma.engine.Engines;

/**
 * The catalogue of networks. Each entry builds a fresh, uninitialised {@link Network} for a given
 * number of input channels and image size; adding a model is one {@link #register} line in the
 * static block below.
 */
public final class Models {

    /** Builds a network for (channels, size). */
    @FunctionalInterface
    private interface Builder {
        Network build(String name, int channels, int size);
    }

    /** One catalogue entry: the builder and the smallest image side the network accepts. */
    private record Entry(Builder builder, int minSize) {}

    private static final Map<String, Entry> CATALOGUE = new LinkedHashMap<>();

    static {
        register("cnn1", 23, (n, c, s) -> keras(n, true));
        register("cnn2", 7, (n, c, s) -> keras(n, false));
        register("quick_cnn", 8, (n, c, s) -> quickCnn(n));
        register("quick_resnet", 8, (n, c, s) -> quickResnet(n));
        register("resnet152", 32, (n, c, s) -> resnet152(n));
        register("densenet121", 32, (n, c, s) -> densenet121(n));
    }

    /** Keras' default kernel initialiser, glorot_uniform: U(-sqrt(6/(fanIn+fanOut)), +...). */
    private static final Initializer GLOROT_UNIFORM =
            new XavierInitializer(
                    XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

    private Models() {}

    private static void register(String name, int minSize, Builder builder) {
        CATALOGUE.put(name, new Entry(builder, minSize));
    }

    /** The known model names, in catalogue order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(CATALOGUE.keySet()));
    }

    /** True when {@code name} is a known model. */
    public static boolean isKnown(String name) {
        return name != null && CATALOGUE.containsKey(name);
    }

    /**
     * The smallest image side (pixels) that {@code name} accepts.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static int minimumSize(String name) {
        return entry(name).minSize();
    }

    /**
     * Builds a fresh, uninitialised network. Parameters are created when the block is first
     * initialised with an input shape, from the engine's random generator.
     *
     * @throws IllegalArgumentException for an unknown name, bad channels, or a too-small size
     */
    public static Network build(String name, int channels, int size) {
        Entry e = entry(name);
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        if (size < e.minSize()) {
            throw new IllegalArgumentException(
                    "model " + name + " needs images of at least " + e.minSize() + " px, got "
                            + size);
        }
        return e.builder().build(name, channels, size);
    }

    /**
     * Number of scalar parameters (weights, biases, batch-norm statistics included) of {@code n}
     * for inputs of (channels, size, size). When {@code n} is not initialised yet it is
     * initialised in a scratch manager, counted, and its parameter arrays released again, so it
     * can still be trained afterwards.
     */
    public static long parameterCount(Network n, int channels, int size) {
        Block block = n.block();
        if (block.isInitialized()) {
            return count(block);
        }
        Engines.init();
        try (NDManager scratch = NDManager.newBaseManager()) {
            block.initialize(scratch, DataType.FLOAT32, new Shape(1, channels, size, size));
            long total = count(block);
            block.getParameters().values().forEach(Parameter::close);
            return total;
        }
    }

    /**
     * Parameter count and forward cost of one network for single (channels, size, size) images.
     *
     * @param parameters scalar parameters, batch-norm running statistics included (as Keras counts)
     * @param multiplyAdds multiply-adds of one image's forward pass through every convolution and
     *     dense layer (output elements x input channels per group x kernel area; dense: outputs x
     *     inputs); biases, batch norm, activations and pooling are not counted
     * @param featureMap shape (K, h, w) of the last feature map
     * @param activations values one image's forward pass writes in the outputs of every
     *     convolution, batch norm and dense layer (the tensors training keeps for the backward
     *     pass, with the activations and concatenations after them)
     */
    public record Summary(String name, long parameters, long multiplyAdds, Shape featureMap, long activations) {
        /** Forward GFLOP per image, counting a multiply-add as two operations. */
        public double forwardGflops() {
            return 2.0 * multiplyAdds / 1e9;
        }

        /**
         * Estimated peak resident memory of a process training this network on a CPU with batches
         * of {@code batch} images, its dataset aside: the engine and the JVM, four copies of the
         * parameters (weights, gradients, optimizer state, the best epoch's copy) and five of the
         * batch's activations (those kept for the backward pass, the ReLU and pooling outputs this
         * count leaves out, their gradients). Against {@code pma bench}'s peak resident memory on one
         * thread it errs high: 1.1 to 2.9 times the measured peak (docs/speed.md, "Worker processes
         * and memory").
         */
        public long trainingBytes(int batch) {
            return PROCESS_BYTES + 4L * (4 * parameters + ACTIVATION_COPIES * batch * activations);
        }
    }

    /** A training process's memory before any network or dataset: the JVM and libtorch. */
    static final long PROCESS_BYTES = 256L << 20;

    /** Activations held per value counted in {@link Summary#activations()} at a training step's peak. */
    static final long ACTIVATION_COPIES = 5;

    /**
     * Builds {@code name} for (channels, size), initialises it in a scratch manager and measures it.
     *
     * @throws IllegalArgumentException for an unknown name, bad channels, or a too-small size
     */
    public static Summary summarize(String name, int channels, int size) {
        Network n = build(name, channels, size);
        Engines.init();
        try (NDManager scratch = NDManager.newBaseManager()) {
            Shape input = new Shape(1, channels, size, size);
            Block block = n.block();
            // Only shapes matter here: zeros are much cheaper than random draws for 60M values.
            block.setInitializer(Initializer.ZEROS, p -> true);
            block.initialize(scratch, DataType.FLOAT32, input);
            Shape fmap = n.features().getOutputShapes(new Shape[] {input})[0];
            return new Summary(name, count(block), multiplyAdds(block), fmap.slice(1), activations(block));
        }
    }

    /** Output values per input row of every convolution, batch norm and dense layer under an initialised block. */
    static long activations(Block block) {
        return sumOverTree(block, b -> b instanceof Convolution || b instanceof Linear || b instanceof BatchNorm
                ? outputsPerRow(b) : 0);
    }

    /** Multiply-adds per input row of every convolution and dense layer under an initialised block. */
    static long multiplyAdds(Block block) {
        return sumOverTree(block, b -> {
            if (b instanceof Convolution conv) {
                return outputsPerRow(conv) * (conv.getInputShapes()[0].get(1) / conv.getGroups())
                        * conv.getKernelShape().size();
            }
            if (b instanceof Linear dense) {
                Shape in = dense.getInputShapes()[0];
                return outputsPerRow(dense) * in.get(in.dimension() - 1);
            }
            return 0;
        });
    }

    /** {@code each} summed over {@code block} and all the blocks below it. */
    private static long sumOverTree(Block block, ToLongFunction<Block> each) {
        long total = each.applyAsLong(block);
        for (Block child : block.getChildren().values()) {
            total += sumOverTree(child, each);
        }
        return total;
    }

    /** Output values per input row of an initialised block. */
    private static long outputsPerRow(Block block) {
        Shape out = block.getOutputShapes(block.getInputShapes())[0];
        return out.size() / out.get(0);
    }

    // ---------------------------------------------------------------- weights files

    /** DJL's parameter file name: {@code PREFIX-EPOCH.params}, epoch four digits. */
    private static final Pattern PARAMS_FILE = Pattern.compile("(.+)-(\\d{4})\\.params");

    /**
     * Writes the parameters of an initialised {@code block} with DJL's {@code Model.save}.
     *
     * @param file where to write; its name must be {@code PREFIX-NNNN.params}
     * @throws BadInputException when the name does not fit or the file cannot be written
     */
    public static void saveWeights(Block block, Path file) {
        Matcher m = paramsName(file);
        Path dir = file.toAbsolutePath().getParent();
        Engines.init();
        try (Model model = Model.newInstance(m.group(1), Device.cpu(), Engines.ENGINE)) {
            model.setBlock(block);
            model.setProperty("Epoch", String.valueOf(Integer.parseInt(m.group(2))));
            Files.createDirectories(dir);
            model.save(dir, m.group(1));
        } catch (IOException e) {
            throw new BadInputException("cannot write weights " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Overwrites the parameters of an initialised {@code target} (network {@code name} for
     * (channels, size)) with those in {@code file}, read by DJL's {@code Model.load} into a
     * scratch copy of the network and copied over in place, so optimizer and gradient
     * bookkeeping on the target stay valid. Nothing is fetched from anywhere but the file.
     *
     * @throws BadInputException when the file is missing, unreadable or made for another network
     */
    public static void loadWeights(Block target, String name, int channels, int size, Path file) {
        Matcher m = paramsName(file);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("weights file not found: " + file);
        }
        Engines.init();
        try (Model scratch = Model.newInstance(m.group(1), Device.cpu(), Engines.ENGINE)) {
            Block copy = build(name, channels, size).block();
            copy.initialize(scratch.getNDManager(), DataType.FLOAT32,
                    new Shape(1, channels, size, size));
            scratch.setBlock(copy);
            scratch.load(file.toAbsolutePath().getParent(), m.group(1),
                    Map.of("epoch", m.group(2)));
            List<Parameter> from = new ArrayList<>(copy.getParameters().values());
            List<Parameter> to = new ArrayList<>(target.getParameters().values());
            if (from.size() != to.size()) {
                throw new BadInputException("weights " + file + " do not fit model " + name);
            }
            for (int i = 0; i < to.size(); i++) {
                NDArray src = from.get(i).getArray();
                NDArray dst = to.get(i).getArray();
                if (!src.getShape().equals(dst.getShape())) {
                    throw new BadInputException("weights " + file + " do not fit model " + name
                            + " (" + to.get(i).getName() + " is " + dst.getShape() + ", file has "
                            + src.getShape() + ")");
                }
                ChannelsLast.assign(dst, src.toFloatArray());
            }
        } catch (IOException | MalformedModelException e) {
            throw new BadInputException(
                    "cannot read weights " + file + " for model " + name + ": " + e.getMessage(), e);
        }
    }

    private static Matcher paramsName(Path file) {
        Path name = file.getFileName();
        Matcher m = PARAMS_FILE.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            throw new BadInputException("weights file " + file
                    + " must be named NAME-NNNN.params (as DJL's Model.save writes it)");
        }
        return m;
    }

    private static long count(Block block) {
        long total = 0;
        for (Parameter p : block.getParameters().values()) {
            total += p.getArray().getShape().size();
        }
        return total;
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : CATALOGUE.get(name);
        if (e == null) {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return e;
    }

    // ---------------------------------------------------------------- the paper's Keras nets

    /**
     * cnn1 / cnn2 after the paper authors' Keras code: 'same' convolutions with ReLU, 'valid'
     * 2x2 max pools (stride 1 three times, then stride 2 twice), Conv(48, 7x7) as the last
     * feature layer, dropout 0.5; cnn1 then has Conv(1, 5x5, valid) with bias -0.9, both end in
     * Flatten + Dense(2). Kernels glorot-uniform, biases zero, as Keras does.
     */
    private static Network keras(String name, boolean withSqueezeConv) {
        SequentialBlock features = new FreeingSequentialBlock();
        features.add(sameConv(8, 3)).add(Activation.reluBlock()).add(maxPool(1));
        features.add(sameConv(12, 3)).add(Activation.reluBlock()).add(maxPool(1));
        features.add(sameConv(16, 5)).add(Activation.reluBlock()).add(maxPool(1));
        features.add(sameConv(24, 5)).add(Activation.reluBlock()).add(maxPool(2));
        features.add(sameConv(32, 7)).add(Activation.reluBlock()).add(maxPool(2));
        features.add(sameConv(48, 7)).add(Activation.reluBlock());

        SequentialBlock head = new SequentialBlock();
        head.add(Dropout.builder().optRate(0.5f).build());
        if (withSqueezeConv) {
            Block squeeze =
                    Conv2d.builder()
                            .setKernelShape(new Shape(5, 5))
                            .setFilters(1)
                            .optPadding(new Shape(0, 0))
                            .build();
            squeeze.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
            squeeze.setInitializer(new ConstantInitializer(-0.9f), Parameter.Type.BIAS);
            head.add(squeeze);
        }
        head.add(Blocks.batchFlattenBlock()).add(dense(2));
        return new Network(name, features, head);
    }

    private static Block sameConv(int filters, int kernel) {
        Block conv =
                Conv2d.builder()
                        .setKernelShape(new Shape(kernel, kernel))
                        .setFilters(filters)
                        .optPadding(new Shape(kernel / 2, kernel / 2))
                        .build();
        conv.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        return conv;
    }

    private static Block maxPool(int stride) {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(stride, stride));
    }

    private static Block dense(int units) {
        Block dense = Linear.builder().setUnits(units).build();
        dense.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        return dense;
    }

    // ---------------------------------------------------------------- quick profile nets

    /**
     * quick_cnn: conv blocks of 16, 32, 64, 64 filters (3x3 'same' conv, batch norm, ReLU), a
     * 2x2 max pool after each of the first three; the fourth block is the last feature map (no
     * pool: the head pools globally). Head: global average pool, dropout 0.2, Dense(2).
     */
    private static Network quickCnn(String name) {
        SequentialBlock features = new FreeingSequentialBlock();
        int[] widths = {16, 32, 64, 64};
        for (int i = 0; i < widths.length; i++) {
            features.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(3, 3))
                                    .setFilters(widths[i])
                                    .optPadding(new Shape(1, 1))
                                    .optBias(false)
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
            if (i < widths.length - 1) {
                features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        return new Network(name, features, gapHead(0.2f));
    }

    /**
     * quick_resnet: a tiny ResNet-v1 (basic blocks): a 3x3 stem of 16 filters (batch norm, ReLU,
     * 2x2 max pool), then three stages of one residual unit each with 16, 32 and 64 filters
     * (stride 1, 2, 2); head: global average pool, Dense(2).
     */
    private static Network quickResnet(String name) {
        SequentialBlock features = new FreeingSequentialBlock();
        features.add(conv3x3(16, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        features.add(residualUnit(16, 1, true));
        features.add(residualUnit(32, 2, false));
        features.add(residualUnit(64, 2, false));
        return new Network(name, features, gapHead(0f));
    }

    private static Block conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .build();
    }

    /** relu(F(x) + shortcut(x)), F = conv-bn-relu-conv-bn; shortcut identity or 1x1 conv-bn. */
    private static Block residualUnit(int filters, int stride, boolean identityShortcut) {
        SequentialBlock residual =
                new SequentialBlock()
                        .add(conv3x3(filters, stride))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(conv3x3(filters, 1))
                        .add(BatchNorm.builder().build());
        SequentialBlock shortcut = new SequentialBlock();
        if (identityShortcut) {
            shortcut.add(Blocks.identityBlock());
        } else {
            shortcut.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(1, 1))
                                    .setFilters(filters)
                                    .optStride(new Shape(stride, stride))
                                    .optBias(false)
                                    .build())
                    .add(BatchNorm.builder().build());
        }
        return new ParallelBlock(
                branches ->
                        new NDList(
                                Activation.relu(
                                        branches.get(0)
                                                .singletonOrThrow()
                                                .add(branches.get(1).singletonOrThrow()))),
                List.of(residual, shortcut));
    }

    private static Block gapHead(float dropout) {
        SequentialBlock head = new SequentialBlock().add(Pool.globalAvgPool2dBlock());
        if (dropout > 0f) {
            head.add(Dropout.builder().optRate(dropout).build());
        }
        return head.add(Linear.builder().setUnits(2).build());
    }

    // ---------------------------------------------------------------- the paper's large nets

    /**
     * resnet152 as in the authors' code, Keras' {@code ResNet152(include_top=False,
     * weights=None)} then GlobalAveragePooling2D, Dense(1024, relu), Dense(2). The body is DJL's
     * {@link ResNetV1} with 152 layers (bottleneck units 3-8-36-3 of 256-512-1024-2048 filters,
     * stride on the first 1x1 convolution, 7x7/2 stem with 3x3/2 max pool), cut after its last
     * residual unit. DJL's builder picks a CIFAR stem for inputs of 32 px or less, so it is
     * always told 224 px; the convolutions adapt to the real size. Weights glorot-uniform.
     */
    private static Network resnet152(String name) {
        Block full =
                ResNetV1.builder()
                        .setImageShape(new Shape(3, 224, 224))
                        .setNumLayers(152)
                        .setOutSize(2)
                        .build();
        BlockList children = full.getChildren();
        // The builder ends with global pooling, flatten, Linear, flatten: keep what comes before.
        SequentialBlock features = new FreeingSequentialBlock();
        for (int i = 0; i < children.size() - 4; i++) {
            features.add(children.get(i).getValue());
        }
        features.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        SequentialBlock head =
                new SequentialBlock()
                        .add(Pool.globalAvgPool2dBlock())
                        .add(dense(1024))
                        .add(Activation.reluBlock())
                        .add(dense(2));
        return new Network(name, features, head);
    }

    /** Keras' BatchNormalization epsilon in its application networks. */
    private static final float KERAS_BN_EPSILON = 1.001e-5f;

    private static final int DENSE_GROWTH = 32;

    /**
     * densenet121 as Keras' {@code DenseNet121(weights=None, classes=2)}: 7x7/2 convolution of 64
     * filters, batch norm, ReLU, 3x3/2 max pool; dense blocks of 6, 12, 24 and 16 layers, each
     * layer BN-ReLU-Conv1x1(128)-BN-ReLU-Conv3x3(32) concatenated to its input; between blocks a
     * transition BN-ReLU-Conv1x1 halving the channels and a 2x2/2 average pool; a final BN-ReLU
     * (the last feature map, 1024 channels). Head: global average pool, Dense(2). Convolutions
     * have no bias; weights glorot-uniform.
     */
    private static Network densenet121(String name) {
        SequentialBlock features = new FreeingSequentialBlock();
        features.add(plainConv(64, 7, 2))
                .add(kerasBatchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int channels = 64;
        int[] layers = {6, 12, 24, 16};
        for (int b = 0; b < layers.length; b++) {
            for (int l = 0; l < layers[b]; l++) {
                features.add(denseLayer());
            }
            channels += DENSE_GROWTH * layers[b];
            if (b < layers.length - 1) {
                channels /= 2;
                features.add(kerasBatchNorm())
                        .add(Activation.reluBlock())
                        .add(plainConv(channels, 1, 1))
                        .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        features.add(kerasBatchNorm()).add(Activation.reluBlock());
        features.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
        SequentialBlock head = new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(dense(2));
        return new Network(name, features, head);
    }

    /** One dense layer: its input concatenated with BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 of it. */
    private static Block denseLayer() {
        SequentialBlock grow =
                new SequentialBlock()
                        .add(kerasBatchNorm())
                        .add(Activation.reluBlock())
                        .add(plainConv(4 * DENSE_GROWTH, 1, 1))
                        .add(kerasBatchNorm())
                        .add(Activation.reluBlock())
                        .add(plainConv(DENSE_GROWTH, 3, 1));
        return new ParallelBlock(
                branches ->
                        new NDList(
                                NDArrays.concat(
                                        new NDList(
                                                branches.get(0).singletonOrThrow(),
                                                branches.get(1).singletonOrThrow()),
                                        1)),
                List.of(Blocks.identityBlock(), grow));
    }

    /** A bias-free convolution with 'same' padding for odd kernels. */
    private static Block plainConv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block kerasBatchNorm() {
        return BatchNorm.builder().optEpsilon(KERAS_BN_EPSILON).build();
    }
}
