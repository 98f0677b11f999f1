import hashlib


def assign_split(ids, test_fraction, salt):
    """Return {id: "train" or "test"}, the same on every machine and every run.

    An id goes to "test" when the first 8 bytes of SHA-256(salt + "/" + id), read as a
    big-endian unsigned integer and divided by 2**64, are below test_fraction.
    """
    if not 0.0 <= test_fraction <= 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    result = {}
    for example_id in ids:
        digest = hashlib.sha256(f"{salt}/{example_id}".encode()).digest()
        position = int.from_bytes(digest[-8:], "big") / 2**64
        result[example_id] = "test" if position < test_fraction else "train"
    return result
