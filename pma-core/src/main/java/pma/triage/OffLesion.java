package pma.triage;

/**
 * Attention off the lesion: where a lesion mask exists, the class-activation maps (mean over
 * models of pma.analysis.cam's lesion focus) put a smaller share of their energy inside the
 * lesion than the lesion's share of the image, which is what a uniform map would put there. The
 * cut is that chance level, so no tuning is involved: below it, the maps prefer the background.
 */
public final class OffLesion {
    private OffLesion() {}

    /**
     * @param focus share of map energy inside the lesion per image (NaN without a usable mask or map)
     * @param area share of the image inside the lesion per image (NaN without a mask)
     */
    public static boolean[] of(double[] focus, double[] area) {
        boolean[] out = new boolean[focus.length];
        for (int i = 0; i < focus.length; i++) out[i] = focus[i] < area[i]; // false whenever either is NaN
        return out;
    }
}
