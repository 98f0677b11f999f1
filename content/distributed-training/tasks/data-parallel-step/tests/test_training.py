import json

import cairn
import numpy as np
RANKS = range(4)

# The single-process run every rank must reproduce.
SAMPLES, FEATURES = 1002, 4
BOUNDS = [0, 320, 600, 860, 1002]
STEPS, LR = 20, 0.1


def problem():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(SAMPLES, FEATURES)) * np.array([1.0, 2.0, 0.5, 1.5])
    y = X @ np.array([2.0, -1.0, 0.5, 3.0]) + rng.normal(scale=0.1, size=SAMPLES)
    return X, y


def full_batch_weights():
    """Weights after each step of full-batch gradient descent on the mean squared error."""
    X, y = problem()
    w = np.zeros(FEATURES)
    steps = []
    for _ in range(STEPS):
        w = w - LR * 2.0 * X.T @ (X @ w - y) / SAMPLES
        steps.append(w)
    return steps


def history(rank):
    with open(f"rank-{rank}.json") as f:
        return json.load(f)


def close(a, b):
    return np.allclose(np.asarray(a, dtype=float), b, rtol=1e-9, atol=1e-12)


def test_four_processes_ran():
    assert [run.rank for run in cairn.runs] == [0, 1, 2, 3]


def test_every_step_matches_on_every_rank():
    expected = full_batch_weights()
    for rank in RANKS:
        steps = history(rank)["weights"]
        assert len(steps) == STEPS, f"rank {rank} took {len(steps)} steps"
        for t, (got, want) in enumerate(zip(steps, expected)):
            assert close(got, want), f"rank {rank}, step {t + 1}: {got} instead of {want.tolist()}"


def test_the_ranks_agree_bit_for_bit_at_every_step():
    runs = [history(rank)["weights"] for rank in range(4)]
    for t in range(STEPS):
        assert all(r[t] == runs[0][t] for r in runs), f"step {t + 1}: the ranks hold different weights"


def test_each_rank_sums_the_gradient_of_its_own_rows():
    X, y = problem()
    weights = [np.zeros(X.shape[1])] + full_batch_weights()[:-1]
    for rank in RANKS:
        lo, hi = BOUNDS[rank], BOUNDS[rank + 1]
        h = history(rank)
        assert h["local_counts"] == [hi - lo] * STEPS, f"rank {rank} should count {hi - lo} rows"
        for t, w in enumerate(weights):
            want = 2.0 * X[lo:hi].T @ (X[lo:hi] @ w - y[lo:hi])
            assert close(h["local_sums"][t], want), f"rank {rank}, step {t + 1}: not the sum over its rows"


def test_the_loss_goes_down():
    X, y = problem()
    losses = [float(np.mean((X @ np.asarray(w) - y) ** 2)) for w in history(0)["weights"]]
    assert all(b < a for a, b in zip(losses, losses[1:])), "the mean squared error should fall at every step"
    assert losses[-1] < 0.05, f"after {STEPS} steps at lr {LR} the loss should be small, got {losses[-1]:.4f}"
