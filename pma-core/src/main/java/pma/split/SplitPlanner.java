package pma.split;

/** Plans the split of every iteration of an experiment. Same inputs and seed, same plan. */
public interface SplitPlanner {
    /** Number of iterations the plan has. */
    int iterations();

    /** The split of iteration {@code i} (0-based). */
    Split plan(int iteration);

    /** One line describing the scheme, for logs and the report. */
    String describe();
}
