import numpy as np


def psi(expected, actual, bins=10):
    """Population stability index of `actual` against `expected`, on quantile bins of `expected`."""
    e, a = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.linspace(e.min(), e.max(), bins + 1)
    e_share = np.histogram(e, edges)[0] / e.size
    a_share = np.histogram(a, edges)[0] / a.size
    return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))
