import random

from solution import burn_rate, evaluate

HOUR = 3600


def steady(start, end, every, failing=lambda t: False):
    out, t = [], start
    while t < end:
        out.append((t, not failing(t)))
        t += every
    return out


def test_a_burst_that_ended_does_not_page():
    now = 80 * HOUR
    # 20 minutes of 20 % errors that stopped 35 minutes ago: the 1 h burn rate is still
    # about 67 and the 6 h one about 11, but the 5 min and 30 min windows are clean
    log = steady(0, now, 30, lambda t: now - 55 * 60 <= t < now - 35 * 60 and t % 150 == 0)
    assert burn_rate(log, now, HOUR, 0.999) > 14.4
    assert evaluate(log, now, 0.999) is None


def test_a_slow_burn_pages_through_the_six_hour_rule():
    now = 80 * HOUR
    # 1 % errors (burn rate 10) for the last 7 hours, one request every 3 s
    log = steady(0, now - 7 * HOUR, 30) + steady(now - 7 * HOUR, now, 3, lambda t: t % 300 == 0)
    assert evaluate(log, now, 0.999) == "page"


def test_a_long_mild_burn_opens_a_ticket():
    now = 80 * HOUR
    # 0.2 % errors (burn rate 2) for the last 3 days and more
    log = steady(0, now, 30, lambda t: t % 15_000 == 0)
    assert evaluate(log, now, 0.999) == "ticket"


def test_page_wins_over_ticket():
    now = 80 * HOUR
    log = steady(0, now, 30, lambda t: t % 15_000 == 0 or (t >= now - 10 * 60 and t % 60 == 0))
    assert evaluate(log, now, 0.999) == "page"


def test_a_window_without_traffic_has_burned_nothing():
    now = 80 * HOUR
    log = steady(0, now - 10 * 60, 30)  # no traffic for the last 10 minutes
    assert burn_rate(log, now, 5 * 60, 0.999) == 0.0
    assert evaluate(log, now, 0.999) is None
    assert evaluate([], now, 0.999) is None


def test_requests_after_now_do_not_count():
    now = 80 * HOUR
    past = steady(0, now + 1, 30)
    future = [(now + 1 + i, False) for i in range(1000)]
    assert burn_rate(past + future, now, HOUR, 0.999) == 0.0
    assert evaluate(past + future, now, 0.999) is None


def test_the_window_excludes_its_left_end_and_includes_now():
    log = [(1000, False), (1000 + 300, True), (1000 + 300, True)]
    assert burn_rate(log, 1300, 300, 0.9) == 0.0     # t = 1000 is exactly 300 s old: out
    log = [(999, True), (1300, False)]
    assert abs(burn_rate(log, 1300, 300, 0.9) - 10.0) < 1e-9   # t = now: in


def test_random_logs_against_a_direct_count():
    rng = random.Random(5)
    now = 75 * HOUR
    log = sorted((rng.uniform(0, now + HOUR), rng.random() > 0.004) for _ in range(5_000))
    for window in (300, 1800, HOUR, 6 * HOUR, 72 * HOUR):
        inside = [ok for t, ok in log if now - window < t <= now]
        expected = inside.count(False) / len(inside) / (1 - 0.995)
        assert abs(burn_rate(log, now, window, 0.995) - expected) < 1e-9, window
