from solution import mean_by_endpoint


def test_two_endpoints():
    lines = ["/embed,81.5\n", "/generate,1250\n", "/embed,78.5\n"]
    assert mean_by_endpoint(lines) == {"/embed": 80.0, "/generate": 1250.0}


def test_no_lines():
    assert mean_by_endpoint([]) == {}
