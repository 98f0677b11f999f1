import math

import numpy as np

from solution import psi

def reference(expected, actual, bins=10):
    e, a = np.asarray(expected, float), np.asarray(actual, float)
    inner = np.quantile(e, np.arange(1, bins) / bins)
    shares = [
        np.maximum(np.bincount(np.searchsorted(inner, x, side="right"), minlength=bins) / x.size, 1e-4)
        for x in (e, a)
    ]
    return float(np.sum((shares[1] - shares[0]) * np.log(shares[1] / shares[0])))


def test_the_same_distribution_gives_almost_zero():
    rng = np.random.default_rng(1)
    train = rng.normal(50, 10, 20_000).tolist()
    live = rng.normal(50, 10, 5_000).tolist()
    value = psi(train, live)
    assert 0 <= value < 0.01, value
    assert math.isclose(value, reference(train, live), rel_tol=1e-9, abs_tol=1e-12)


def test_a_shifted_mean_is_noticed():
    rng = np.random.default_rng(2)
    train = rng.normal(50, 10, 20_000).tolist()
    live = rng.normal(55, 10, 5_000).tolist()
    value = psi(train, live)
    assert math.isclose(value, reference(train, live), rel_tol=1e-9), (value, reference(train, live))
    assert value > 0.2, value
