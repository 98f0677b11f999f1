import random


def assign_split(ids, test_fraction, salt):
    """Return {id: "train" or "test"}, the same on every machine and every run.

    An id goes to "test" when the first 8 bytes of SHA-256(salt + "/" + id), read as a
    big-endian unsigned integer and divided by 2**64, are below test_fraction.
    """
    rng = random.Random(salt)
    return {example_id: "test" if rng.random() < test_fraction else "train" for example_id in ids}
