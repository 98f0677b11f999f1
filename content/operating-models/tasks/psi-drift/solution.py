import numpy as np


def psi(expected, actual, bins=10):
    """Population stability index of `actual` against `expected`, on quantile bins of `expected`."""
    e, a = np.asarray(expected, float), np.asarray(actual, float)
    if e.size == 0 or a.size == 0 or bins < 2:
        raise ValueError("two non-empty samples and at least 2 bins")
    inner = np.quantile(e, np.arange(1, bins) / bins)
    e_share = np.bincount(np.searchsorted(inner, e, side="right"), minlength=bins) / e.size
    a_share = np.bincount(np.searchsorted(inner, a, side="right"), minlength=bins) / a.size
    e_share, a_share = np.maximum(e_share, 1e-4), np.maximum(a_share, 1e-4)
    return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))
