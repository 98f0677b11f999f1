import numpy as np


def p95_by_endpoint(endpoints, latencies_ms):
    # Wrong: the nearest-rank percentile from the timing exercise (a measured value),
    # not numpy.percentile's linear interpolation between the two nearest samples.
    names = np.asarray(endpoints, dtype=str)
    values = np.asarray(latencies_ms, dtype=float)
    if names.shape != values.shape:
        raise ValueError("endpoints and latencies_ms differ in length")
    if values.size == 0:
        return {}
    distinct, group = np.unique(names, return_inverse=True)
    return {
        str(name): float(np.percentile(values[group == i], 95, method="inverted_cdf"))
        for i, name in enumerate(distinct)
    }
