def summarise(samples):
    """Return {"min": ..., "median": ..., "p95": ...} for a list of durations.

    p95 uses the nearest-rank definition: the sorted sample at rank ceil(0.95 * n),
    counting ranks from 1. Raise ValueError for no samples or a negative sample.
    """
    ordered = sorted(samples)
    # TODO: the median (mind an even number of samples), p95, and the invalid inputs
    return {"min": ordered[0], "median": None, "p95": None}
