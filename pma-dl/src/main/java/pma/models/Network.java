package pma.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.Objects;

/**
 * A network split into a convolutional feature extractor and a classification head, so that
 * Grad-CAM can reach the last feature map.
 *
 * <p>{@code features} maps an (N, C, H, W) batch to the last feature map (N, K, h, w); {@code
 * head} maps that map to (N, 2) logits. Both are fresh, uninitialised DJL blocks when they come
 * from {@link Models#build}.
 *
 * @param name the model name, as listed by {@link Models#names()}
 * @param features the feature extractor, ending with the last convolution (and its activation)
 * @param head everything after the features, ending in 2 logits
 */
public record Network(String name, SequentialBlock features, Block head) {

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(head, "head");
    }

    /**
     * Features then head as one block. Each call returns a new wrapper around the same two
     * children, so all wrappers share one set of parameters; give a model one wrapper and keep it.
     *
     * @return a {@link SequentialBlock} holding {@code features} then {@code head}
     */
    public Block block() {
        return new SequentialBlock().add(features).add(head);
    }
}
