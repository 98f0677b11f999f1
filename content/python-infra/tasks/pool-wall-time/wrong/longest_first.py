import heapq


def wall_time(durations, workers):
    if workers < 1:
        raise ValueError("need at least one worker")
    if any(d < 0 for d in durations):
        raise ValueError("a duration cannot be negative")
    # Wrong: sorts the calls, longest first. That is good advice for submitting work,
    # but the pool runs the calls in the order it was given.
    free_at = [0] * min(workers, len(durations))
    for d in sorted(durations, reverse=True):
        start = heapq.heappop(free_at)
        heapq.heappush(free_at, start + d)
    return max(free_at, default=0)
