package pma.opinions;

import java.util.Arrays;
import java.util.Collection;
import pma.ledger.EpochRecords;
import pma.ledger.Ledger;

/**
 * Training-dynamics scores of each image from its per-epoch records as a training image: forgetting
 * events (Toneva et al. 2019), area under the margin (Pleiss et al. 2020) and data-cartography
 * confidence, variability and correctness (Swayamdipta et al. 2020).
 *
 * <p>Each score is computed within one run, over the epochs in order, then averaged over the runs
 * in which the image was in training. An epoch counts as correct when the margin is positive (with
 * two classes, when the given label is the predicted class).
 */
public final class TrainingDynamics {
    private TrainingDynamics() {}

    /**
     * Scores of one image in one run.
     *
     * @param forgettingEvents transitions from correct to incorrect between consecutive epochs
     * @param learned whether any epoch was correct
     * @param aum mean margin over epochs (logit of the given label minus the other logit)
     * @param confidence mean probability of the given label over epochs
     * @param variability population standard deviation of that probability over epochs
     * @param correctness share of epochs that were correct
     */
    public record Run(int forgettingEvents, boolean learned, double aum, double confidence, double variability,
                      double correctness) {}

    /**
     * Scores of every image, averaged over its training runs; NaN (and 0 runs) where an image was
     * never trained on.
     *
     * @param runs runs in which the image was in training (and recorded)
     * @param forgettingEvents mean forgetting events over the runs in which it was learned at all;
     *     NaN when it was never learned in any run
     * @param neverLearned share of runs in which no epoch classified it correctly: Toneva et al.'s
     *     distinct "never learned" marker, ranked above any number of forgetting events
     */
    public record Scores(int[] runs, double[] forgettingEvents, double[] neverLearned, double[] aum,
                         double[] confidence, double[] variability, double[] correctness) {
        /** True when no image has a record (epoch recording was off). */
        public boolean empty() {
            return Arrays.stream(runs).allMatch(r -> r == 0);
        }
    }

    /** The scores of one run, epochs in order. */
    public static Run ofRun(float[] probability, float[] margin) {
        int e = probability.length;
        if (e == 0 || margin.length != e) throw new IllegalArgumentException("need one probability and margin per epoch");
        int forgetting = 0;
        int correct = 0;
        double sumP = 0, sumM = 0;
        boolean previous = false;
        for (int t = 0; t < e; t++) {
            boolean now = margin[t] > 0;
            if (t > 0 && previous && !now) forgetting++;
            if (now) correct++;
            previous = now;
            sumP += probability[t];
            sumM += margin[t];
        }
        double mean = sumP / e;
        double ss = 0;
        for (float p : probability) ss += (p - mean) * (p - mean);
        return new Run(forgetting, correct > 0, sumM / e, mean, Math.sqrt(ss / e), (double) correct / e);
    }

    /** Adds up {@link Run}s per image. */
    public static final class Accumulator {
        private final int[] runs, learnedRuns;
        private final double[] forgetting, aum, confidence, variability, correctness;

        public Accumulator(int images) {
            runs = new int[images];
            learnedRuns = new int[images];
            forgetting = new double[images];
            aum = new double[images];
            confidence = new double[images];
            variability = new double[images];
            correctness = new double[images];
        }

        public void add(int image, Run r) {
            runs[image]++;
            if (r.learned()) {
                learnedRuns[image]++;
                forgetting[image] += r.forgettingEvents();
            }
            aum[image] += r.aum();
            confidence[image] += r.confidence();
            variability[image] += r.variability();
            correctness[image] += r.correctness();
        }

        public Scores scores() {
            int n = runs.length;
            double[] f = new double[n], never = new double[n], a = new double[n], c = new double[n], v = new double[n],
                    k = new double[n];
            for (int i = 0; i < n; i++) {
                int r = runs[i];
                f[i] = learnedRuns[i] == 0 ? Double.NaN : forgetting[i] / learnedRuns[i];
                never[i] = r == 0 ? Double.NaN : (double) (r - learnedRuns[i]) / r;
                a[i] = r == 0 ? Double.NaN : aum[i] / r;
                c[i] = r == 0 ? Double.NaN : confidence[i] / r;
                v[i] = r == 0 ? Double.NaN : variability[i] / r;
                k[i] = r == 0 ? Double.NaN : correctness[i] / r;
            }
            return new Scores(runs.clone(), f, never, a, c, v, k);
        }
    }

    /**
     * Reads the ledger's epoch records of the given runs and scores every image.
     *
     * <p>Rows are streamed in (run, image, epoch) order and folded one (run, image) at a time, so
     * memory stays proportional to the images, not to the records.
     */
    public static Scores read(Ledger ledger, int images, Collection<Integer> runIds) {
        Accumulator acc = new Accumulator(images);
        if (runIds.isEmpty()) return acc.scores();
        EpochRecords.stream(ledger, runIds, r -> acc.add(r.image(), ofRun(r.probability(), r.margin())));
        return acc.scores();
    }
}
