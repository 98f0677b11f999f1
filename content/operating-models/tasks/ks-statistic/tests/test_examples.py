import math

import numpy as np

from solution import ks_statistic

def brute(a, b):
    """The definition, evaluated at every value of either sample, in plain Python."""
    best = 0.0
    for x in set(a) | set(b):
        fa = sum(v <= x for v in a) / len(a)
        fb = sum(v <= x for v in b) / len(b)
        best = max(best, abs(fa - fb))
    return best


def test_identical_and_disjoint_samples():
    assert ks_statistic([1, 2, 3], [1, 2, 3]) == 0.0
    assert ks_statistic([1, 2], [5, 6, 7]) == 1.0


def test_a_small_example():
    a, b = [0.1, 0.4, 0.7, 0.9], [0.3, 0.5, 0.6, 0.8, 1.2]
    assert math.isclose(ks_statistic(a, b), brute(a, b)), brute(a, b)


def test_shifted_normals():
    rng = np.random.default_rng(11)
    a = rng.normal(0, 1, 600).tolist()
    b = rng.normal(0.3, 1, 400).tolist()
    assert math.isclose(ks_statistic(a, b), brute(a, b))
