package pma.experiment;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import pma.dataset.ImageTensors;
import pma.split.Split;
import pma.ledger.Task;
import pma.config.ExperimentConfig;

/**
 * What every task of an experiment shares: the settings, the preprocessed images and the splits.
 *
 * <p>Serialisable, so a cluster executor can ship it to each worker once and then send tasks as
 * bare {@link Task} descriptions.
 *
 * @param targets 0/1 label of each image
 * @param splits one split per iteration, in iteration order
 * @param exclusions image indices removed from training and validation, by exclusion-set name
 */
public record Workload(ExperimentConfig config, ImageTensors tensors, int[] targets, List<Split> splits,
                       Map<String, Set<Integer>> exclusions) implements Serializable {
    public Workload {
        splits = List.copyOf(splits);
        for (int i = 0; i < splits.size(); i++) {
            if (splits.get(i).iteration() != i) {
                throw new IllegalArgumentException("split " + i + " is of iteration " + splits.get(i).iteration());
            }
        }
        // Sorted copies: serialisable and independent of the caller's collections.
        TreeMap<String, Set<Integer>> copy = new TreeMap<>();
        exclusions.forEach((name, images) -> copy.put(name, new TreeSet<>(images)));
        exclusions = copy;
    }

    /** A workload of the main experiment (no exclusion sets). */
    public Workload(ExperimentConfig config, ImageTensors tensors, int[] targets, List<Split> splits) {
        this(config, tensors, targets, splits, Map.of());
    }

    /** The split the task trains on, with its exclusion set applied. */
    public Split splitOf(Task task) {
        Split split = splits.get(task.iteration());
        if (task.exclusion().isEmpty()) return split;
        Set<Integer> excluded = exclusions.get(task.exclusion());
        if (excluded == null) throw new IllegalArgumentException("unknown exclusion set '" + task.exclusion() + "'");
        return split.excluding(excluded);
    }
}
