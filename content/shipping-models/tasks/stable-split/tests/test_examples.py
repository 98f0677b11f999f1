import hashlib

from solution import assign_split


def expected(example_id, test_fraction, salt):
    digest = hashlib.sha256(f"{salt}/{example_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < test_fraction else "train"


def test_five_ids():
    ids = ["img-0001", "img-0002", "img-0003", "img-0004", "img-0005"]
    assert assign_split(ids, 0.4, "v1") == {i: expected(i, 0.4, "v1") for i in ids}


def test_no_ids():
    assert assign_split([], 0.2, "v1") == {}
