import random


def jitter_delays(retries, base, cap, seed):
    if retries < 0:
        raise ValueError("retries cannot be negative")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    rng = random.Random(seed)
    delays = []
    limit = min(cap, base)
    for _ in range(retries):
        # Wrong: doubles the limit before drawing, so retries count from 1 and the
        # first delay is drawn up to 2 * base instead of base.
        limit = min(cap, limit * 2)
        delays.append(rng.random() * limit)
    return delays
