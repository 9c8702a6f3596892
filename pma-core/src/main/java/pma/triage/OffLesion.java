package pma.triage;

import java.util.stream.IntStream;
import pma.stats.Bootstrap;

/**
 * Attention off the lesion: where a lesion mask exists, the class-activation maps concentrate on the
 * lesion less than they do on almost every image the models get right.
 *
 * <p>Concentration is the lift: the lesion focus (share of map energy inside the lesion, mean over
 * models, from pma.analysis.cam) divided by the lesion's share of the image, which is what a
 * uniform map would put inside; the lift makes small and large lesions comparable. The cut is the
 * lower decile (type 7) of the lift among the reliably correct images (pma.analysis.cam's
 * controls): off the lesion below it. Chance level (lift 1) is no cut: coarse maps of small
 * lesions spill over their edges, so on the synthetic dataset 38% of the ordinary images fell below it.
 */
public final class OffLesion {
    /** Quantile of the controls' lift below which an image is off the lesion. */
    public static final double CONTROL_QUANTILE = 0.1;

    private OffLesion() {}

    /**
     * @param off whether image i is off the lesion
     * @param lift focus / area per image (NaN without a usable mask or map)
     * @param cut the controls' lower decile of the lift (NaN without controls)
     */
    public record Result(boolean[] off, double[] lift, double cut) {}

    /**
     * @param focus share of map energy inside the lesion per image (NaN without a usable mask or map)
     * @param area share of the image inside the lesion per image (NaN without a mask)
     * @param control whether image i is reliably correct
     */
    public static Result of(double[] focus, double[] area, boolean[] control) {
        int n = focus.length;
        double[] lift = new double[n];
        for (int i = 0; i < n; i++) lift[i] = area[i] > 0 ? focus[i] / area[i] : Double.NaN;
        double[] controls = IntStream.range(0, n).filter(i -> control[i] && !Double.isNaN(lift[i]))
                .mapToDouble(i -> lift[i]).sorted().toArray();
        double cut = controls.length == 0 ? Double.NaN : Bootstrap.quantile(controls, CONTROL_QUANTILE);
        boolean[] off = new boolean[n];
        for (int i = 0; i < n; i++) off[i] = lift[i] < cut; // false whenever either is NaN
        return new Result(off, lift, cut);
    }
}
