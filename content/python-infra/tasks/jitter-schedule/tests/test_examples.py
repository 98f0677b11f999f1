from solution import jitter_delays


def test_matches_the_lesson_demo():
    delays = jitter_delays(2, 0.1, 5.0, 7)
    assert [round(d, 3) for d in delays] == [0.032, 0.03], "the lesson's retry demo slept [0.032, 0.03] with seed 7"


def test_delays_stay_under_their_limits():
    delays = jitter_delays(8, 0.1, 5.0, 1)
    limits = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0]
    assert len(delays) == 8
    for n, (d, limit) in enumerate(zip(delays, limits)):
        assert 0 <= d <= limit, f"delay before retry {n} must be between 0 and {limit} s"


def test_same_seed_same_schedule():
    assert jitter_delays(5, 0.5, 10.0, 42) == jitter_delays(5, 0.5, 10.0, 42)
