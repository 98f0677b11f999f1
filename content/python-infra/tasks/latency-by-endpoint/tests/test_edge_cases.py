from solution import mean_by_endpoint


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def raises_value_error(lines):
    try:
        mean_by_endpoint(lines)
    except ValueError:
        return True
    return False


def test_single_line():
    assert mean_by_endpoint(["/health,2"]) == {"/health": 2.0}


def test_blank_lines_and_whitespace():
    lines = ["\n", " /embed , 10 \n", "   \n", "/embed,20\n", "", "\t/rerank,\t5\n"]
    assert mean_by_endpoint(lines) == {"/embed": 15.0, "/rerank": 5.0}


def test_only_blank_lines():
    assert mean_by_endpoint(["\n", "  \n", ""]) == {}


def test_many_lines():
    lines = [f"/e{i % 3},{i}\n" for i in range(3000)]
    result = mean_by_endpoint(lines)
    assert sorted(result) == ["/e0", "/e1", "/e2"]
    assert close(result["/e0"], 1498.5)
    assert close(result["/e1"], 1499.5)
    assert close(result["/e2"], 1500.5)


def test_zero_latency_is_allowed():
    assert mean_by_endpoint(["/cache,0", "/cache,0.0"]) == {"/cache": 0.0}


def test_three_fields_raise_value_error():
    assert raises_value_error(["/embed,80\n", "/a,b,80\n"]), "a line with two commas has three fields"


def test_missing_comma_raises_value_error():
    assert raises_value_error(["/embed 80\n"]), "a line without a comma has one field"


def test_empty_endpoint_raises_value_error():
    assert raises_value_error([",80\n"])


def test_non_numeric_latency_raises_value_error():
    assert raises_value_error(["/embed,fast\n"])


def test_empty_latency_raises_value_error():
    assert raises_value_error(["/embed,\n"])


def test_negative_latency_raises_value_error():
    assert raises_value_error(["/embed,-3\n"])


def test_nan_and_infinity_raise_value_error():
    assert raises_value_error(["/embed,nan\n"]), "nan is not a finite number"
    assert raises_value_error(["/embed,inf\n"]), "inf is not a finite number"
