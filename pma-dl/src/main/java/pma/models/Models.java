package pma.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pma.train.Engines;

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
        SequentialBlock features = new SequentialBlock();
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
        SequentialBlock features = new SequentialBlock();
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
        SequentialBlock features = new SequentialBlock();
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
}
