package pma.explain;

import ai.djl.ndarray.NDArray;

/**
 * Grad-CAM++: channel weight {@code Σ_ij a_ij · relu(g_ij)} with {@code a_ij = g² / (2g² + Σ_ab
 * A_ab · g³)}, the closed form that assumes an exponential of the logit (as the method's
 * authors do), so only first-order gradients are needed.
 */
final class GradCamPlusPlus extends CamMethod {
    /** Keeps the coefficient finite where its denominator vanishes (there g = 0, so it is 0). */
    private static final float EPS = 1e-7f;

    @Override
    public String name() {
        return "gradcampp";
    }

    @Override
    protected NDArray combine(NDArray activations, NDArray gradients) {
        NDArray g2 = gradients.square();
        NDArray g3 = g2.mul(gradients);
        NDArray sumA = activations.sum(new int[] {2, 3}, true);
        NDArray alpha = g2.div(g2.mul(2).add(sumA.mul(g3)).add(EPS));
        NDArray weights = alpha.mul(gradients.maximum(0f)).sum(new int[] {2, 3}, true);
        return activations.mul(weights).sum(new int[] {1});
    }
}
