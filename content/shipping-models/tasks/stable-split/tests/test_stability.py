import hashlib

from solution import assign_split


def expected(example_id, test_fraction, salt):
    digest = hashlib.sha256(f"{salt}/{example_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < test_fraction else "train"


def raises_value_error(*args):
    try:
        assign_split(*args)
    except ValueError:
        return True
    return False


def test_matches_the_rule_on_many_ids():
    ids = [f"doc-{i}" for i in range(2000)]
    got = assign_split(ids, 0.1, "2026-06")
    assert got == {i: expected(i, 0.1, "2026-06") for i in ids}


def test_adding_new_ids_moves_no_old_one():
    old = [f"u{i}" for i in range(500)]
    new = [f"n{i}" for i in range(300)] + old
    before = assign_split(old, 0.2, "s")
    after = assign_split(new, 0.2, "s")
    assert all(after[i] == before[i] for i in old)


def test_order_of_ids_does_not_matter():
    ids = [f"x{i}" for i in range(300)]
    assert assign_split(ids, 0.3, "s") == assign_split(list(reversed(ids)), 0.3, "s")


def test_a_new_salt_gives_a_new_split():
    ids = [f"x{i}" for i in range(300)]
    assert assign_split(ids, 0.5, "a") != assign_split(ids, 0.5, "b")


def test_fraction_zero_and_one():
    ids = ["a", "b", "c"]
    assert set(assign_split(ids, 0.0, "s").values()) == {"train"}
    assert set(assign_split(ids, 1.0, "s").values()) == {"test"}


def test_unicode_ids():
    ids = ["café", "naïve", "東京"]
    assert assign_split(ids, 0.5, "s") == {i: expected(i, 0.5, "s") for i in ids}


def test_fraction_outside_zero_to_one_is_refused():
    assert raises_value_error(["a"], -0.1, "s")
    assert raises_value_error(["a"], 1.5, "s")
