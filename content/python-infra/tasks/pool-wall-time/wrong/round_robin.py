def wall_time(durations, workers):
    if workers < 1:
        raise ValueError("need at least one worker")
    if any(d < 0 for d in durations):
        raise ValueError("a duration cannot be negative")
    # Wrong: hands call i to worker i % workers, as if the calls were dealt out in turn
    # in advance; the pool gives each call to whichever worker is free first.
    busy = [0] * workers
    for i, d in enumerate(durations):
        busy[i % workers] += d
    return max(busy, default=0)
