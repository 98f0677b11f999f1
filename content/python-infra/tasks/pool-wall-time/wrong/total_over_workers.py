def wall_time(durations, workers):
    if workers < 1:
        raise ValueError("need at least one worker")
    if any(d < 0 for d in durations):
        raise ValueError("a duration cannot be negative")
    if not durations:
        return 0
    # Wrong: a perfectly balanced split of the total work, never shorter than the
    # longest call. It is only a lower bound: whole calls cannot be split between workers.
    return max(max(durations), sum(durations) / workers)
