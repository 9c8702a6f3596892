package pma.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * The paper's Algorithm 1: lower θ by 0.01 from its start until excluding the flagged images from
 * the logged test predictions raises the mean AUC by κ.
 *
 * <p>It always terminates: θ never goes below the floor, and it stops before the flagged share
 * passes the cap. When κ is not reached the flags of the starting θ are kept, so an unreachable
 * κ never silently flags a quarter of the dataset; when the starting θ itself flags more than the
 * cap, nothing is flagged. With the search off (a fixed θ) the cap does not apply.
 */
public final class Algorithm1 {
    /** One step of the search. */
    public record Step(double theta, int flagged, double flaggedShare, double aucBefore, double aucAfter, double delta) {}

    /**
     * @param reached whether some θ reached the AUC gain κ
     * @param theta the θ whose flags are used
     * @param flagged the image indices flagged at {@code theta}
     */
    public record Result(List<Step> trace, boolean reached, double theta, Set<Integer> flagged, String stopReason) {}

    private Algorithm1() {}

    /**
     * @param flagsAt the flagged image set at a θ
     * @param meanAucWithout mean test AUC over runs with the given images left out
     */
    public static Result search(AnalysisOptions o, int imageCount, DoubleFunction<Set<Integer>> flagsAt,
                                java.util.function.Function<Set<Integer>, Double> meanAucWithout) {
        double before = meanAucWithout.apply(Set.of());
        List<Step> trace = new ArrayList<>();
        // Work in hundredths so repeated subtraction of 0.01 cannot drift.
        long cents = Math.round(o.theta() * 100);
        long floor = Math.round(o.thetaFloor() * 100);
        Set<Integer> first = null;
        while (true) {
            double theta = cents / 100.0;
            Set<Integer> flagged = flagsAt.apply(theta);
            if (first == null) first = flagged;
            double share = imageCount == 0 ? 0 : (double) flagged.size() / imageCount;
            if (share > o.maxFlaggedShare() && trace.isEmpty() && o.algorithm1()) {
                // The start is over the cap too: its step is shown, its flags are not used.
                double after = meanAucWithout.apply(flagged);
                trace.add(new Step(theta, flagged.size(), share, before, after, after - before));
                return new Result(trace, false, theta, Set.of(),
                        String.format(java.util.Locale.ROOT, "stopped: the starting θ=%.2f already flags %.0f%% of images "
                                + "(cap %.0f%%), so none is flagged", theta, share * 100, o.maxFlaggedShare() * 100));
            }
            if (share > o.maxFlaggedShare() && !trace.isEmpty()) {
                return new Result(trace, false, o.theta(), first,
                        String.format(java.util.Locale.ROOT, "stopped: θ=%.2f would flag %.0f%% of images (cap %.0f%%)",
                                theta, share * 100, o.maxFlaggedShare() * 100));
            }
            double after = flagged.isEmpty() ? before : meanAucWithout.apply(flagged);
            double delta = after - before;
            trace.add(new Step(theta, flagged.size(), share, before, after, delta));
            if (!o.algorithm1()) return new Result(trace, delta >= o.kappa(), theta, flagged, "fixed θ (no search)");
            if (delta >= o.kappa()) return new Result(trace, true, theta, flagged, "reached κ");
            if (cents - 1 < floor) {
                return new Result(trace, false, o.theta(), first, "stopped: θ floor reached without gaining κ");
            }
            cents--;
        }
    }
}
