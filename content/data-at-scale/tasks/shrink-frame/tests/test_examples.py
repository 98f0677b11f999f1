from solution import report

RESULT = report(0, 100_000)


def test_values_survive():
    assert RESULT["equal"], "every column must keep its name, order and values"


def test_memory_at_most_fifteen_percent():
    share = RESULT["after"] / RESULT["before"]
    assert share <= 0.15, (
        f"{RESULT['after'] / 1e6:.2f} MB after, {share:.0%} of {RESULT['before'] / 1e6:.2f} MB; "
        f"dtypes now {RESULT['dtypes']}"
    )
