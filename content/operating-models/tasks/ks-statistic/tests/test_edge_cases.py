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


def test_the_gap_can_sit_at_a_value_of_the_second_sample():
    a = [5.0]
    b = [1.0, 2.0, 3.0, 4.0]
    assert ks_statistic(a, b) == 1.0   # at x = 4: F_a = 0, F_b = 1
    assert ks_statistic(b, a) == 1.0


def test_repeated_values():
    rng = np.random.default_rng(12)
    a = rng.integers(0, 6, 500).tolist()
    b = rng.integers(1, 7, 400).tolist()
    assert math.isclose(ks_statistic(a, b), brute(a, b))


def test_samples_of_one_value_each():
    assert ks_statistic([2.0] * 5, [2.0] * 3) == 0.0
    assert math.isclose(ks_statistic([1.0, 2.0, 2.0, 3.0], [2.0]), 0.25)


def test_it_is_symmetric_and_order_free():
    rng = np.random.default_rng(13)
    a = rng.exponential(1.0, 700).round(1).tolist()
    b = rng.exponential(1.3, 900).round(1).tolist()
    expected = brute(a, b)
    assert math.isclose(ks_statistic(a, b), expected)
    assert math.isclose(ks_statistic(b[::-1], a[::-1]), expected)


def test_empty_samples_raise_value_error():
    for args in (([], [1.0]), ([1.0], [])):
        try:
            ks_statistic(*args)
        except ValueError:
            continue
        raise AssertionError(f"expected ValueError for {args}")


def test_the_largest_gap_can_be_a_narrow_one():
    a = [50.001] * 4 + [100.0]
    b = [0.0] + [50.002] * 4
    # the functions are 0.8 and 0.2 apart only for 50.001 <= x < 50.002
    assert math.isclose(ks_statistic(a, b), 0.6)
