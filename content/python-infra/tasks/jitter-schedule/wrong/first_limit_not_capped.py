import random


def jitter_delays(retries, base, cap, seed):
    if retries < 0:
        raise ValueError("retries cannot be negative")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    rng = random.Random(seed)
    delays = []
    # Wrong: starts from base without capping it, so a cap below base is ignored for
    # the first retry.
    limit = base
    for _ in range(retries):
        delays.append(rng.random() * limit)
        limit = min(cap, limit * 2)
    return delays
