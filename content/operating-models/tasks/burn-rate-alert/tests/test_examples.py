import math

from solution import burn_rate, evaluate

HOUR = 3600


def steady(start, end, every, failing=lambda t: False):
    """One request every `every` seconds in [start, end), failing where failing(t) is true."""
    out, t = [], start
    while t < end:
        out.append((t, not failing(t)))
        t += every
    return out


def test_burn_rate_is_the_error_rate_over_the_allowed_rate():
    log = [(i, i % 100 >= 3) for i in range(1, 101)]   # 3 failures in 100
    assert math.isclose(burn_rate(log, 100, 100, 0.99), 3.0)
    assert math.isclose(burn_rate(log, 100, 100, 0.999), 30.0)


def test_a_healthy_service_raises_nothing():
    log = steady(0, 4 * 24 * HOUR, 30, lambda t: t % 60_000 == 0)
    assert evaluate(log, 4 * 24 * HOUR, 0.999) is None


def test_a_hard_outage_pages():
    now = 72 * HOUR
    log = steady(0, now, 30, lambda t: t >= now - 20 * 60 and t % 60 == 0)  # half fail for 20 min
    assert evaluate(log, now, 0.999) == "page"
