def wall_time(durations, workers):
    """Return when the last call finishes when `workers` threads take calls in order.

    Raise ValueError if workers < 1 or a duration is negative.
    """
    # TODO: the lesson's formula, ceil(N / k) * L, only holds when every call
    # takes the same time L. Follow the pool call by call instead.
    if not durations:
        return 0
    n = len(durations)
    return -(-n // workers) * max(durations)
