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


def test_an_empty_production_bin_gives_a_finite_psi():
    rng = np.random.default_rng(3)
    train = rng.uniform(0, 100, 10_000).tolist()
    live = rng.uniform(40, 60, 2_000).tolist()   # only two or three of ten bins see data
    value = psi(train, live)
    assert math.isfinite(value), "an empty bin must not make the PSI infinite"
    assert math.isclose(value, reference(train, live), rel_tol=1e-9)


def test_values_beyond_the_training_range_are_counted():
    rng = np.random.default_rng(4)
    train = rng.normal(0, 1, 10_000).tolist()
    live = (rng.normal(0, 1, 3_000) + np.where(rng.random(3_000) < 0.3, 8.0, 0.0)).tolist()
    assert math.isclose(psi(train, live), reference(train, live), rel_tol=1e-9)


def test_bins_follow_the_training_quantiles():
    rng = np.random.default_rng(5)
    train = rng.lognormal(3, 1, 20_000).tolist()   # skewed: equal-width bins differ a lot
    live = rng.lognormal(3.2, 1, 4_000).tolist()
    assert math.isclose(psi(train, live), reference(train, live), rel_tol=1e-9)


def test_other_bin_counts():
    rng = np.random.default_rng(6)
    train = rng.gamma(2.0, 3.0, 8_000).tolist()
    live = rng.gamma(2.5, 3.0, 8_000).tolist()
    for bins in (2, 5, 20):
        assert math.isclose(psi(train, live, bins), reference(train, live, bins), rel_tol=1e-9), bins


def test_bad_input_raises_value_error():
    for args in (([], [1.0]), ([1.0], []), ([1.0, 2.0], [1.0], 1)):
        try:
            psi(*args)
        except ValueError:
            continue
        raise AssertionError(f"expected ValueError for {args}")
