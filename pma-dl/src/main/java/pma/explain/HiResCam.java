package pma.explain;

import ai.djl.ndarray.NDArray;

/**
 * HiResCAM: activations times gradients element by element, summed over channels, so every map
 * cell keeps its own gradient instead of the channel's average. Equals Grad-CAM (up to a
 * constant) when the head is global average pooling and a linear layer.
 */
final class HiResCam extends CamMethod {
    @Override
    public String name() {
        return "hirescam";
    }

    @Override
    protected NDArray combine(NDArray activations, NDArray gradients) {
        return activations.mul(gradients).sum(new int[] {1});
    }
}
