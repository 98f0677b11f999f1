def summarise(samples):
    # Wrong: round() instead of ceil() for the nearest rank. It agrees with ceil for
    # 1 to 10, 20, 21 and 100 samples, but for 12 samples round(11.4) = 11 picks the
    # 11th sample, while the nearest rank is ceil(11.4) = 12, the largest.
    if not samples:
        raise ValueError("no samples")
    if any(s < 0 for s in samples):
        raise ValueError("a duration cannot be negative")
    ordered = sorted(samples)
    n = len(ordered)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    rank = round(0.95 * n)
    return {"min": ordered[0], "median": median, "p95": ordered[rank - 1]}
