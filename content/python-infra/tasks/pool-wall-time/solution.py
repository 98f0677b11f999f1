import heapq


def wall_time(durations, workers):
    """Return when the last call finishes when `workers` threads take calls in order.

    Raise ValueError if workers < 1 or a duration is negative.
    """
    if workers < 1:
        raise ValueError("need at least one worker")
    if any(d < 0 for d in durations):
        raise ValueError("a duration cannot be negative")
    free_at = [0] * min(workers, len(durations))
    for d in durations:
        start = heapq.heappop(free_at)
        heapq.heappush(free_at, start + d)
    return max(free_at, default=0)
