def summarise(samples):
    # Wrong: int(0.95 * n) + 1 as the rank. It equals ceil(0.95 * n) except when 0.95 * n
    # is a whole number: for 20 samples it gives rank 20, the maximum, not 19.
    if not samples:
        raise ValueError("no samples")
    if any(s < 0 for s in samples):
        raise ValueError("a duration cannot be negative")
    ordered = sorted(samples)
    n = len(ordered)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    rank = int(0.95 * n) + 1
    return {"min": ordered[0], "median": median, "p95": ordered[rank - 1]}
