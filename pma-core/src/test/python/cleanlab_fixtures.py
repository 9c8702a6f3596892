"""Writes cleanlab's answers on a fixed set of (labels, pred_probs) cases, for ConfidentLearningParityTest.

Run with cleanlab's source tree on the command line (cleanlab 2.9.0, numpy 1.24, scikit-learn 1.2):

    /usr/bin/python3 pma-core/src/test/python/cleanlab_fixtures.py /path/to/cleanlab \
        pma-core/src/test/resources/pma/opinions/cleanlab-fixtures.json

Each case records the inputs and cleanlab's outputs: find_label_issues (default: prune by noise
rate) as the indices flagged, get_label_quality_scores with self_confidence and normalized_margin,
get_confident_thresholds, and compute_confident_joint uncalibrated and calibrated. Numbers only.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import numpy as np  # noqa: E402
import cleanlab  # noqa: E402
from cleanlab.count import compute_confident_joint, get_confident_thresholds  # noqa: E402
from cleanlab.filter import find_label_issues  # noqa: E402
from cleanlab.rank import get_label_quality_scores  # noqa: E402


def binary(p1):
    p1 = np.asarray(p1, dtype=float)
    return np.stack([1 - p1, p1], axis=1)


def noisy(rng, n, k, flip, concentration=1.0, sharpen=3.0):
    """Random probabilities around a true class; a share `flip` of given labels drawn at random."""
    truth = rng.integers(0, k, n)
    alpha = np.full(k, concentration)
    p = rng.dirichlet(alpha, n)
    p[np.arange(n), truth] += sharpen * rng.random(n)
    p /= p.sum(axis=1, keepdims=True)
    labels = truth.copy()
    flips = rng.random(n) < flip
    labels[flips] = rng.integers(0, k, flips.sum())
    return labels, p


def cases():
    rng = np.random.default_rng(20261129)
    out = []

    def add(name, labels, p):
        out.append((name, np.asarray(labels, dtype=int), np.asarray(p, dtype=float)))

    # The two counterexamples to per-cell rounding without cleanlab's final steps.
    add("counterexample_five", [0, 0, 1, 1, 1], binary([.4, .5, .3, .2, .1]))
    add("counterexample_eight", [0, 0, 0, 0, 1, 1, 1, 1], binary([.05, .05, .35, .35, .3, .3, .3, .3]))
    # The hand-worked example of ConfidentLearningTest.
    add("six_images", [0, 0, 0, 1, 1, 1], binary([.1, .2, .9, .8, .7, .3]))

    # Random noisy data, 2 to 10 classes.
    for i, (n, k, flip) in enumerate([(20, 2, .2), (60, 2, .1), (200, 2, .3), (1000, 2, .15), (40, 3, .2),
                                      (150, 3, .25), (300, 4, .2), (500, 5, .1), (400, 10, .3), (90, 3, .5)]):
        labels, p = noisy(rng, n, k, flip)
        add(f"random_{i}_n{n}_k{k}", labels, p)
    # Flat, hard probabilities (little confidence anywhere).
    labels, p = noisy(rng, 120, 3, .3, concentration=5.0, sharpen=0.3)
    add("random_flat_k3", labels, p)
    # Binary, P(positive) only, as pma's pooled probabilities are.
    labels, p = noisy(rng, 250, 2, .1, concentration=0.3, sharpen=0.5)
    add("random_peaked_k2", labels, p)

    # Every argmax equals the given label, confidently.
    labels = np.array([0] * 6 + [1] * 6)
    add("all_correct_k2", labels, binary(np.where(labels == 1, .9, .1) + np.linspace(-.05, .05, 12)))
    labels = np.array([0, 1, 2] * 5)
    p = np.full((15, 3), .05)
    p[np.arange(15), labels] = .9
    add("all_correct_k3", labels, p)
    # Every argmax is another class.
    labels = np.array([0] * 5 + [1] * 5)
    add("all_wrong_k2", labels, binary(np.where(labels == 1, .2, .8) + np.linspace(-.1, .1, 10)))
    labels = np.array([0, 1, 2] * 4)
    p = np.full((12, 3), .1)
    p[np.arange(12), (labels + 1) % 3] = .8
    add("all_wrong_k3", labels, p)

    # Tiny classes: one image, two images, and a class nobody is labelled with.
    labels, p = noisy(rng, 30, 3, .2)
    labels[labels == 2] = 0
    labels[7] = 2
    add("tiny_class_of_one_k3", labels, p)
    labels, p = noisy(rng, 30, 3, .2)
    labels[labels == 2] = 1
    labels[[3, 11]] = 2
    add("tiny_class_of_two_k3", labels, p)
    labels, p = noisy(rng, 40, 4, .2)
    labels[labels == 3] = 0
    add("missing_class_k4", labels, p)

    # Exact ties: identical rows, so margins tie at the pruning cut (classes of at most 16 images,
    # where numpy's argsort keeps ties in index order).
    add("ties_identical_rows_k2", [0] * 8 + [1] * 8, binary([.3] * 4 + [.7] * 4 + [.3] * 4 + [.7] * 4))
    add("ties_half_k2", [0, 0, 0, 1, 1, 1, 1], binary([.5, .5, .2, .5, .5, .9, .1]))
    labels = np.array([0] * 6 + [1] * 5 + [2] * 5)
    p = np.tile([.2, .4, .4], (16, 1))
    p[:3] = [.6, .2, .2]
    p[6:8] = [.1, .8, .1]
    p[11:13] = [.1, .1, .8]
    add("ties_two_other_classes_k3", labels, p)
    add("uniform_k3", [0, 1, 2, 0, 1, 2, 0, 1], np.full((8, 3), 1 / 3))
    add("one_hot_k2", [0, 0, 0, 1, 1, 1, 0, 1], [[1, 0], [1, 0], [0, 1], [0, 1], [0, 1], [1, 0], [1, 0], [0, 1]])

    # A probability exactly at a threshold, and exactly at the threshold less cleanlab's 1e-6 slack.
    add("at_threshold_k2", [0, 0, 0, 0, 1, 1, 1, 1], binary([.25, .25, .25, .25, .75, .75, .25, .25]))
    own = np.array([.6, .7, .8, .9])
    t = own.mean()
    edge = t - 1e-6
    add("at_threshold_less_slack_k2", [1, 1, 1, 1, 0, 0, 0, 0], binary(list(own) + [edge, edge, .1, .2]))
    below = np.nextafter(edge, 0)
    add("just_below_slack_k2", [1, 1, 1, 1, 0, 0, 0, 0], binary(list(own) + [below, below, .1, .2]))

    # Calibrated cells at exact halves, which round half to even and then to the row total.
    add("halves_k2", [0] * 5 + [1] * 5, binary([.9, .9, .1, .1, .5, .9, .9, .1, .1, .5]))
    add("halves_k3", [0] * 5 + [1] * 3 + [2] * 2,
        [[.8, .1, .1], [.1, .8, .1], [.7, .2, .1], [.1, .1, .8], [.4, .3, .3],
         [.1, .8, .1], [.8, .1, .1], [.1, .7, .2], [.1, .1, .8], [.8, .1, .1]])
    # No image labelled 0 is confident in class 0: the diagonal is raised to 1.
    add("empty_diagonal_k2", [0, 0, 0, 1, 1, 1, 1, 1], binary([.9, .95, .8, .9, .9, .95, .6, .99]))
    # Several classes pass their thresholds and the most probable class is not one of them.
    add("argmax_not_confident_k3", [0, 0, 1, 1, 2, 2, 0, 1],
        [[.5, .3, .2], [.5, .2, .3], [.1, .8, .1], [.1, .8, .1], [.1, .1, .8], [.1, .1, .8], [.4, .31, .29],
         [.45, .28, .27]])
    # Probabilities of 1e-9 and an almost-equal pair.
    add("tiny_probabilities_k3", [0, 1, 2, 0, 1, 2, 0, 1, 2, 2],
        [[1 - 2e-9, 1e-9, 1e-9], [1e-9, 1 - 2e-9, 1e-9], [1e-9, 1e-9, 1 - 2e-9], [1e-9, 1 - 2e-9, 1e-9],
         [1e-9, 1e-9, 1 - 2e-9], [1 - 2e-9, 1e-9, 1e-9], [.5, .5 - 1e-9, 1e-9], [.5 - 1e-9, .5, 1e-9],
         [.3, .3, .4], [.3, .4, .3]])
    return out


def main():
    fixtures = []
    for name, labels, p in cases():
        issues = find_label_issues(labels, p, n_jobs=1)
        fixtures.append({
            "name": name,
            "labels": labels.tolist(),
            "pred_probs": p.tolist(),
            "label_issues": np.flatnonzero(issues).tolist(),
            "self_confidence": get_label_quality_scores(labels, p, method="self_confidence").tolist(),
            "normalized_margin": get_label_quality_scores(labels, p, method="normalized_margin").tolist(),
            "thresholds": get_confident_thresholds(labels, p).tolist(),
            "confident_joint": compute_confident_joint(labels, p, calibrate=False).tolist(),
            "calibrated_joint": compute_confident_joint(labels, p).tolist(),
        })
    with open(sys.argv[2], "w") as f:
        json.dump({"cleanlab": cleanlab.__version__, "numpy": np.__version__, "fixtures": fixtures}, f)
        f.write("\n")
    print(f"{len(fixtures)} fixtures, {sum(len(x['label_issues']) for x in fixtures)} label issues -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
