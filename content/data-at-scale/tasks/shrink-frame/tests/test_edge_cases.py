from solution import report


def test_another_day_of_fifty_thousand_rows():
    result = report(5, 50_000)
    assert result["equal"]
    assert result["after"] <= 0.15 * result["before"], f"{result['after'] / result['before']:.0%} of before"
    # The generated frame is not yours to change: 50,000 rows take about 11.4 MB.
    assert 11_400_000 < result["before"] < 11_500_000


def test_latencies_keep_every_digit():
    result = report(6, 10_000)
    assert result["equal"] and result["dtypes"]["latency_ms"] == "float64"


def test_larger_token_counts_still_fit():
    # Another day, with requests of up to 200,000 tokens.
    result = report(7, 50_000, max_tokens=200_000)
    assert result["equal"], "a dtype too small for this day's values wrapped them around"
    assert result["after"] <= 0.15 * result["before"]


def test_no_rows():
    assert report(8, 0)["equal"]


def test_a_few_rows():
    assert report(9, 7)["equal"]
