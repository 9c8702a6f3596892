package pma.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar with elapsed time and ETA for long work, written to standard error.
 *
 * <p>On a terminal the bar redraws in place; elsewhere (CI logs, pipes) it prints one line per
 * step, so logs stay readable.
 */
public final class Progress {
    private final String what;
    private final int total;
    private final PrintStream out;
    private final boolean inPlace;
    private final long start = System.nanoTime();
    private int done;
    /**
     * A fault-injection point for the tests that kill a run at a known place: with
     * {@code -Dpma.haltAfterSteps=N} the process stops for good after reporting its N-th step, so the
     * test's kill lands after exactly that much work, however fast or slow the machine.
     */
    private static final int HALT_AFTER = Integer.getInteger("pma.haltAfterSteps", 0);

    public Progress(String what, int total, PrintStream out, boolean inPlace) {
        this.what = what;
        this.total = total;
        this.out = out;
        this.inPlace = inPlace;
    }

    /** A bar on standard error that redraws in place when a terminal is attached. */
    public static Progress onStderr(String what, int total) {
        return new Progress(what, total, System.err, System.console() != null);
    }

    /** Marks one more unit done; {@code detail} says what just finished. */
    public synchronized void step(String detail) {
        done++;
        String line = line(detail);
        if (inPlace) {
            out.print("\r" + line + "\u001b[K");
            if (done == total) out.println();
        } else {
            out.println(line);
        }
        out.flush();
        if (done == HALT_AFTER) haltForever();
    }

    private static void haltForever() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String line(String detail) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        int width = 24;
        int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d  elapsed %s  ETA %s  %s", what,
                "#".repeat(filled), ".".repeat(width - filled), done, total, clock(elapsed), clock(eta), detail);
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds)) return "--:--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
