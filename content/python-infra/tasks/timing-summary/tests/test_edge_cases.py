from solution import summarise


def raises_value_error(samples):
    try:
        summarise(samples)
    except ValueError:
        return True
    return False


def test_single_sample():
    assert summarise([0.25]) == {"min": 0.25, "median": 0.25, "p95": 0.25}


def test_twenty_samples_p95_is_not_the_maximum():
    samples = [float(i) for i in range(20, 0, -1)]  # 20.0 down to 1.0
    result = summarise(samples)
    assert result["p95"] == 19.0, "of 20 samples, the 95th percentile is the 19th smallest"
    assert abs(result["median"] - 10.5) < 1e-9
    assert result["min"] == 1.0


def test_hundred_samples():
    samples = [i / 1000 for i in range(1, 101)]
    result = summarise(samples)
    assert result["p95"] == 0.095, "of 100 samples, the 95th percentile is the 95th smallest"
    assert abs(result["median"] - 0.0505) < 1e-12


def test_rank_rounds_up():
    samples = list(range(1, 22))  # 21 samples: rank ceil(19.95) = 20
    assert summarise(samples)["p95"] == 20


def test_two_samples():
    result = summarise([0.2, 0.1])
    assert result["p95"] == 0.2
    assert abs(result["median"] - 0.15) < 1e-12


def test_unsorted_with_duplicates():
    samples = [0.5, 0.1, 0.5, 0.2, 0.1, 0.9, 0.5]
    assert summarise(samples) == {"min": 0.1, "median": 0.5, "p95": 0.9}


def test_zero_duration_is_allowed():
    assert summarise([0.0, 0.0, 0.0])["median"] == 0.0


def test_empty_raises_value_error():
    assert raises_value_error([]), "an empty list has no minimum, median or percentile"


def test_negative_duration_raises_value_error():
    assert raises_value_error([0.1, -0.02, 0.3]), "a duration cannot be negative"


def test_rank_rounds_up_even_below_one_half():
    # 12 samples: 0.95 * 12 = 11.4, so the nearest rank is ceil(11.4) = 12 (the
    # largest); rounding to the nearest whole number would give rank 11.
    samples = [float(i) for i in range(1, 13)]
    assert summarise(samples)["p95"] == 12.0
    # 30 samples: 0.95 * 30 = 28.5; the rank is 29, and round() gives 28.
    assert summarise(list(range(30, 0, -1)))["p95"] == 29
