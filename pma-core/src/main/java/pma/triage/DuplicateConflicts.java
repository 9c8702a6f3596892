package pma.triage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pma.duplicates.NearDuplicates;

/**
 * Images with a near-duplicate under the other label ({@link NearDuplicates}, with its default
 * cuts: at most 6 differing hash bits or a thumbnail correlation of at least 0.95). The same
 * picture cannot be both benign and malignant, so one of the two labels is wrong, or the pair is
 * two frames too alike to tell apart.
 */
public final class DuplicateConflicts {
    private DuplicateConflicts() {}

    /**
     * For each image (by its manifest path {@code ids}), the first near-duplicate filed under the
     * other label, in the pairs' order (closest first); "" when none.
     */
    public static String[] of(List<String> ids, List<NearDuplicates.Pair> pairs) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        String[] out = new String[ids.size()];
        java.util.Arrays.fill(out, "");
        for (NearDuplicates.Pair p : pairs) {
            if (!p.labelConflict()) continue;
            Integer a = index.get(p.a().image()), b = index.get(p.b().image());
            if (a != null && out[a].isEmpty()) out[a] = p.b().image();
            if (b != null && out[b].isEmpty()) out[b] = p.a().image();
        }
        return out;
    }
}
