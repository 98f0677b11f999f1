from solution import summarise


def test_three_samples():
    assert summarise([0.3, 0.1, 0.2]) == {"min": 0.1, "median": 0.2, "p95": 0.3}


def test_even_number_of_samples():
    result = summarise([4, 1, 3, 2])
    assert result["min"] == 1
    assert abs(result["median"] - 2.5) < 1e-9, "with 4 samples the median is the mean of the 2nd and 3rd"
    assert result["p95"] == 4, "rank ceil(0.95 * 4) = 4: the largest of 4 samples"
