import random


def jitter_delays(retries, base, cap, seed):
    """Return the full-jitter sleep times before retries 0 .. retries - 1.

    The delay before retry n is uniform between 0 and min(cap, base * 2**n), drawn as
    rng.random() * limit from one random.Random(seed), one draw per retry in order.
    Raise ValueError if retries < 0, base <= 0 or cap <= 0.
    """
    if retries < 0:
        raise ValueError("retries cannot be negative")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    rng = random.Random(seed)
    delays = []
    limit = min(cap, base)
    for _ in range(retries):
        delays.append(rng.random() * limit)
        limit = min(cap, limit * 2)
    return delays
