import numpy as np


def p95_by_endpoint(endpoints, latencies_ms):
    """Return {endpoint: 95th percentile of its latencies} as plain floats.

    Use NumPy for the per-row work: at most one Python loop, over the distinct
    endpoints. Raise ValueError when the columns differ in length.
    """
    names = np.asarray(endpoints, dtype=str)
    values = np.asarray(latencies_ms, dtype=float)
    if names.shape != values.shape:
        raise ValueError("endpoints and latencies_ms differ in length")
    if values.size == 0:
        return {}
    distinct, group = np.unique(names, return_inverse=True)
    return {
        str(name): float(np.percentile(values[group == i], 95))
        for i, name in enumerate(distinct)
    }
