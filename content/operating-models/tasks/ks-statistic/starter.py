import numpy as np


def ks_statistic(a, b):
    """Largest gap between the empirical distribution functions of a and b."""
    a, b = np.sort(np.asarray(a, float)), np.sort(np.asarray(b, float))
    return float(abs(a.mean() - b.mean()))
