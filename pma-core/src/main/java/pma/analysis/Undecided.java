package pma.analysis;

import java.util.List;
import pma.stats.Interval;

/**
 * The images whose flag more test appearances could still change.
 *
 * <p>The flag says F &gt; θ, but F is a frequency over a finite number of test appearances. An image's
 * flag is decided once the 95% Wilson interval of its pooled F lies wholly on one side of θ: above it
 * (flagged whatever the next runs say, short of a surprise at the 5% level) or at or below it. An
 * image whose interval straddles θ is undecided: another repeat narrows its interval. So is an image
 * tested too rarely to be flagged at all.
 *
 * <p>What this costs: an image wrong in every run is decided as flagged at θ = 0.9 only after 35 test
 * appearances (the Wilson lower bound of n/n is n/(n + z²)); one right in every run, after 1 to 2
 * (upper bound of 0/n is z²/(n + z²)). Images near θ take longest, and the same number of runs
 * decides them for the paper's pooled F whatever the number of models.
 */
public final class Undecided {
    private Undecided() {}

    /** Whether the interval of F straddles θ: its lower bound at or below θ, its upper bound above it. */
    public static boolean straddles(Interval f, double theta) {
        return f.low() <= theta && f.high() > theta;
    }

    /**
     * How many of the {@code k} most suspect images of {@code current} (rank 1..k) were also among the
     * {@code k} most suspect of {@code previous}, the analysis of the same images one repeat earlier.
     */
    public static int keptInTop(List<ImageStats> previous, List<ImageStats> current, int k) {
        java.util.Set<Integer> before = new java.util.HashSet<>();
        for (ImageStats s : previous) if (s.rank() > 0 && s.rank() <= k) before.add(s.image().index());
        int kept = 0;
        for (ImageStats s : current) if (s.rank() > 0 && s.rank() <= k && before.contains(s.image().index())) kept++;
        return kept;
    }

    /** The undecided images at θ, in the order given. */
    public static List<ImageStats> of(List<ImageStats> images, double theta) {
        return images.stream().filter(s -> !s.enoughAppearances() || straddles(s.ci(), theta)).toList();
    }
}
