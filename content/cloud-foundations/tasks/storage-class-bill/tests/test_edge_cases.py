from solution import cheapest_class, storage_cost


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def check(got, expected, what):
    assert close(got, expected), f"{what}: expected {expected} USD, got {got}"


def test_standard_has_no_minimum():
    check(storage_cost(100, 0.5, "standard"), 1.15, "100 GB for half a month in standard")


def test_infrequent_minimum_is_one_month():
    check(storage_cost(100, 0.5, "infrequent"), 1.25, "half a month in infrequent is billed as one")


def test_after_the_minimum_the_real_months_count():
    check(storage_cost(100, 7, "archive"), 1.4, "7 months in archive")
    check(storage_cost(100, 1, "infrequent"), 1.25, "exactly the 1-month minimum")
    check(storage_cost(100, 6, "archive"), 1.2, "exactly the 6-month minimum")


def test_reading_the_archive_every_month():
    check(storage_cost(10_000, 12, "archive", reads=12), 6240.0, "10 TB in archive, read back monthly")


def test_reads_cost_nothing_in_standard():
    check(storage_cost(500, 3, "standard", reads=10), 34.5, "standard has no retrieval fee")


def test_deleted_at_once():
    check(storage_cost(100, 0, "standard"), 0.0, "standard, deleted at once")
    check(storage_cost(100, 0, "archive"), 1.2, "archive, deleted at once, still bills 6 months")


def test_no_data_costs_nothing():
    for name in ("standard", "infrequent", "archive"):
        check(storage_cost(0, 12, name, reads=3), 0.0, f"0 GB in {name}")


def test_short_lived_data_stays_in_standard():
    assert cheapest_class(1_000, 0.5) == "standard", "the minimums make the cheaper classes dearer for half a month"


def test_two_months_never_read():
    assert cheapest_class(1_000, 2) == "archive", "6 months of archive (12 USD) beat 2 of infrequent (25 USD)"


def test_two_months_read_once():
    assert cheapest_class(1_000, 2, reads=1) == "infrequent", "35 USD against 46 (standard) and 62 (archive)"


def test_read_every_month_for_a_year():
    assert cheapest_class(1_000, 12, reads=12) == "infrequent", "270 USD against 276 (standard) and 624 (archive)"


def test_read_twice_a_month_for_a_year():
    assert cheapest_class(1_000, 12, reads=24) == "standard", "276 USD against 390 (infrequent)"


def test_tie_goes_to_the_first_class():
    assert cheapest_class(0, 12, reads=1) == "standard", "0 GB costs nothing everywhere: the first class wins the tie"


def test_invalid_arguments_raise_value_error():
    bad = [
        (100, 12, "glacier", 0),
        (-1, 12, "standard", 0),
        (100, -1, "standard", 0),
        (100, 12, "archive", -1),
    ]
    for args in bad:
        try:
            storage_cost(*args)
        except ValueError:
            continue
        assert False, f"storage_cost{args} should raise ValueError"
    for args in [(-1, 12, 0), (100, -1, 0), (100, 12, -2)]:
        try:
            cheapest_class(*args)
        except ValueError:
            continue
        assert False, f"cheapest_class{args} should raise ValueError"
