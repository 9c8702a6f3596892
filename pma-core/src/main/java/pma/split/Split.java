package pma.split;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One iteration's partition of the dataset, shared by every model (a paired design).
 *
 * @param iteration 0-based iteration number
 * @param seed the seed this split was drawn with, derived from the base seed and the iteration
 * @param roles role of each image, by image index
 */
public record Split(int iteration, long seed, Role[] roles) implements java.io.Serializable {
    public int[] indices(Role role) {
        return IntStream.range(0, roles.length).filter(i -> roles[i] == role).toArray();
    }

    /** This split with the given images moved out of training and validation (test is kept whole). */
    public Split excluding(java.util.Set<Integer> excluded) {
        Role[] r = roles.clone();
        for (int i : excluded) {
            if (r[i] == Role.TRAIN || r[i] == Role.VAL) r[i] = Role.EXCLUDED;
        }
        return new Split(iteration, seed, r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && s.iteration == iteration && s.seed == seed && Arrays.equals(s.roles, roles);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seed) + Arrays.hashCode(roles);
    }
}
