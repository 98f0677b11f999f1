import math


def summarise(samples):
    """Return {"min": ..., "median": ..., "p95": ...} for a list of durations.

    p95 uses the nearest-rank definition: the sorted sample at rank ceil(0.95 * n),
    counting ranks from 1. Raise ValueError for no samples or a negative sample.
    """
    if not samples:
        raise ValueError("no samples")
    if any(s < 0 for s in samples):
        raise ValueError("a duration cannot be negative")
    ordered = sorted(samples)
    n = len(ordered)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    rank = math.ceil(0.95 * n)
    return {"min": ordered[0], "median": median, "p95": ordered[rank - 1]}
