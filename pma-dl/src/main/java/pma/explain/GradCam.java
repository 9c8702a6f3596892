package pma.explain;

import ai.djl.ndarray.NDArray;

/** Grad-CAM: each channel weighted by its spatially averaged gradient. */
final class GradCam extends CamMethod {
    @Override
    public String name() {
        return "gradcam";
    }

    @Override
    protected NDArray combine(NDArray activations, NDArray gradients) {
        long cells = gradients.getShape().get(2) * gradients.getShape().get(3);
        // The engine averages over one axis at a time only: sum over both, then divide.
        NDArray weights = gradients.sum(new int[] {2, 3}, true).div(cells);
        return activations.mul(weights).sum(new int[] {1});
    }
}
