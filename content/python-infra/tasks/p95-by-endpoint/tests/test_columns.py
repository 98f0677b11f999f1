import random

import cairn
import numpy as np
from solution import p95_by_endpoint


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_many_rows_match_numpy():
    rng = random.Random(7)
    endpoints = [rng.choice(["/embed", "/generate", "/rerank"]) for _ in range(20_000)]
    latencies = [round(rng.lognormvariate(4, 0.6), 3) for _ in endpoints]
    result = p95_by_endpoint(endpoints, latencies)
    assert sorted(result) == ["/embed", "/generate", "/rerank"]
    for name, p95 in result.items():
        values = np.array([v for e, v in zip(endpoints, latencies) if e == name])
        assert close(p95, float(np.percentile(values, 95))), name


def test_one_row_per_endpoint():
    assert p95_by_endpoint(["/a", "/b"], [3.0, 4.0]) == {"/a": 3.0, "/b": 4.0}


def test_columns_of_different_lengths_raise_value_error():
    try:
        p95_by_endpoint(["/a", "/b"], [1.0])
    except ValueError:
        return
    assert False, "expected ValueError for columns of different lengths"


def test_no_python_loop_over_the_rows():
    assert cairn.loops("p95_by_endpoint") <= 1, (
        "let NumPy do the per-row work: at most one Python loop (or comprehension), "
        "over the distinct endpoints"
    )
