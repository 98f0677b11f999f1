import random


def jitter_delays(retries, base, cap, seed):
    if retries < 0:
        raise ValueError("retries cannot be negative")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    delays = []
    limit = min(cap, base)
    for _ in range(retries):
        # Wrong: a new generator for every retry, so every draw is the first number
        # of the same sequence.
        rng = random.Random(seed)
        delays.append(rng.random() * limit)
        limit = min(cap, limit * 2)
    return delays
