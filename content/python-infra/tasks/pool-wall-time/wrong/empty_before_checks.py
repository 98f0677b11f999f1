import heapq


def wall_time(durations, workers):
    # Wrong: keeps the starter's early return above the checks, so an empty list with
    # zero workers returns 0 instead of raising ValueError.
    if not durations:
        return 0
    if workers < 1:
        raise ValueError("need at least one worker")
    if any(d < 0 for d in durations):
        raise ValueError("a duration cannot be negative")
    free_at = [0] * min(workers, len(durations))
    for d in durations:
        start = heapq.heappop(free_at)
        heapq.heappush(free_at, start + d)
    return max(free_at)
