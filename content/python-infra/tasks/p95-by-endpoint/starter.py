import numpy as np


def p95_by_endpoint(endpoints, latencies_ms):
    """Return {endpoint: 95th percentile of its latencies} as plain floats.

    Use NumPy for the per-row work: at most one Python loop, over the distinct
    endpoints. Raise ValueError when the columns differ in length.
    """
    names = np.asarray(endpoints, dtype=str)
    values = np.asarray(latencies_ms, dtype=float)
    # TODO: group the rows by endpoint and take each group's 95th percentile
    return {}
