from solution import p95_by_endpoint


def test_two_endpoints():
    assert p95_by_endpoint(["/embed", "/generate", "/embed"], [80.0, 1250.0, 90.0]) == {
        "/embed": 89.5,
        "/generate": 1250.0,
    }


def test_no_rows():
    assert p95_by_endpoint([], []) == {}
