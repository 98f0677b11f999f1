import json

import cairn
import numpy as np

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


def test_every_rank_finishes():
    for run in cairn.runs:
        assert not run.timed_out and run.returncode == 0, f"rank {run.rank}: {run.stderr[-800:]}"


def test_the_ranks_end_with_the_same_weights():
    final = [history(rank)["weights"][-1] for rank in range(4)]
    assert all(w == final[0] for w in final), f"the ranks disagree: {final}"


def test_the_result_is_full_batch_gradient_descent():
    expected = full_batch_weights()[-1]
    got = history(0)["weights"][-1]
    assert close(got, expected), f"after 20 steps: expected {expected.tolist()}, rank 0 has {got}"
