import random


def jitter_delays(retries, base, cap, seed):
    """Return the full-jitter sleep times before retries 0 .. retries - 1.

    The delay before retry n is uniform between 0 and min(cap, base * 2**n), drawn as
    rng.random() * limit from one random.Random(seed), one draw per retry in order.
    Raise ValueError if retries < 0, base <= 0 or cap <= 0.
    """
    rng = random.Random(seed)
    delays = []
    # TODO: one delay per retry
    return delays
