import random


def jitter_delays(retries, base, cap, seed):
    if retries < 0:
        raise ValueError("retries cannot be negative")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    rng = random.Random(seed)
    # Wrong: computes base * 2 ** n for every retry. From retry 1,024 on, 2 ** n does not
    # fit in a float and the multiplication raises OverflowError.
    return [rng.random() * min(cap, base * 2 ** n) for n in range(retries)]
