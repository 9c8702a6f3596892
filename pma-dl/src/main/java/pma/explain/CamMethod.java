package pma.explain;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Locale;
import pma.BadInputException;

/**
 * A gradient-based class-activation-map method: how the feature maps of one layer and the
 * gradients of a class logit with respect to them combine into one map.
 *
 * <p>Everything the methods share (the forward pass, the detached feature map, the backward pass
 * on the target logit, rectification and normalisation) lives in {@link Explainer}; a method
 * supplies only its weighting through {@link #combine}. Three are built in: {@link #GRAD_CAM}
 * (Selvaraju et al.), {@link #GRAD_CAM_PLUS_PLUS} (Chattopadhay et al.) and {@link #HIRES_CAM}
 * (Draelos and Carin).
 */
public abstract class CamMethod {
    public static final CamMethod GRAD_CAM = new GradCam();
    public static final CamMethod GRAD_CAM_PLUS_PLUS = new GradCamPlusPlus();
    public static final CamMethod HIRES_CAM = new HiResCam();

    private static final List<CamMethod> ALL = List.of(GRAD_CAM, GRAD_CAM_PLUS_PLUS, HIRES_CAM);

    CamMethod() {}

    /** The name used on the command line and in the ledger: gradcam, gradcampp or hirescam. */
    public abstract String name();

    /**
     * The map before rectification.
     *
     * @param activations feature maps A, shape (N, K, h, w)
     * @param gradients d(logit of the target class)/dA, shape (N, K, h, w)
     * @return shape (N, h, w)
     */
    protected abstract NDArray combine(NDArray activations, NDArray gradients);

    /** Every built-in method's name, in a fixed order. */
    public static List<String> names() {
        return ALL.stream().map(CamMethod::name).toList();
    }

    /**
     * The method called {@code name} (case-insensitive).
     *
     * @throws BadInputException for an unknown name, naming the known ones
     */
    public static CamMethod of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (CamMethod m : ALL) {
            if (m.name().equals(n)) return m;
        }
        throw new BadInputException("unknown CAM method '" + name + "'; known: " + String.join(", ", names()));
    }

    @Override
    public String toString() {
        return name();
    }
}
