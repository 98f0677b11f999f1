import hashlib


def assign_split(ids, test_fraction, salt):
    """Return {id: "train" or "test"}, the same on every machine and every run.

    An id goes to "test" when the first 8 bytes of SHA-256(salt + "/" + id), read as a
    big-endian unsigned integer and divided by 2**64, are below test_fraction.
    """
    if not 0.0 <= test_fraction <= 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    # Wrong: a seeded shuffle is repeatable for the same list, but adding ids moves old ones.
    import random
    order = sorted(ids)
    random.Random(salt).shuffle(order)
    cut = round(len(order) * test_fraction)
    return {example_id: "test" if k < cut else "train" for k, example_id in enumerate(order)}
