from solution import wall_time


def test_equal_calls_follow_the_formula():
    assert abs(wall_time([0.2] * 20, 4) - 1.0) < 1e-9, "ceil(20 / 4) rounds of 0.2 s"


def test_a_long_call_at_the_end():
    assert wall_time([1, 1, 1, 3], 2) == 4
