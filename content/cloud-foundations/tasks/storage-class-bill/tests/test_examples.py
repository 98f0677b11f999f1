from solution import cheapest_class, storage_cost


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def test_lesson_example_ten_terabytes_for_a_year():
    # 10 TB of old checkpoints, kept 12 months and read back once.
    expected = {"standard": 2760.0, "infrequent": 1600.0, "archive": 740.0}
    for name, usd in expected.items():
        got = storage_cost(10_000, 12, name, reads=1)
        assert close(got, usd), f"{name}: expected {usd} USD, got {got}"
    got = cheapest_class(10_000, 12, reads=1)
    assert got == "archive", f"archive is cheapest at 740 USD, got {got!r}"


def test_deleted_before_the_minimum():
    got = storage_cost(100, 2, "archive")
    assert close(got, 1.2), f"2 months in archive are billed as 6: 100 x 6 x 0.002 = 1.2 USD, got {got}"
