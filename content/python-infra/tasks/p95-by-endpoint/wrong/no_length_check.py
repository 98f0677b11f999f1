import numpy as np


def p95_by_endpoint(endpoints, latencies_ms):
    # Wrong: never compares the lengths of the columns. NumPy's boolean mask then fails
    # with IndexError, not the ValueError the prompt asks for.
    names = np.asarray(endpoints, dtype=str)
    values = np.asarray(latencies_ms, dtype=float)
    if values.size == 0:
        return {}
    distinct, group = np.unique(names, return_inverse=True)
    return {
        str(name): float(np.percentile(values[group == i], 95))
        for i, name in enumerate(distinct)
    }
