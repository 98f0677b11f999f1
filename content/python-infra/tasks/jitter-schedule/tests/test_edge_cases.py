import random

from solution import jitter_delays


def expected(retries, base, cap, seed):
    rng = random.Random(seed)
    out = []
    for n in range(retries):
        limit = cap if n >= 1000 else min(cap, base * 2 ** n)
        out.append(rng.random() * limit)
    return out


def close_lists(a, b):
    return len(a) == len(b) and all(abs(x - y) <= 1e-12 * max(1.0, abs(y)) for x, y in zip(a, b))


def raises_value_error(*args):
    try:
        jitter_delays(*args)
    except ValueError:
        return True
    return False


def test_zero_retries():
    assert jitter_delays(0, 0.1, 5.0, 3) == []


def test_one_retry_is_drawn_up_to_base():
    assert close_lists(jitter_delays(1, 0.25, 5.0, 11), expected(1, 0.25, 5.0, 11))


def test_exact_schedule_with_cap():
    assert close_lists(jitter_delays(12, 0.1, 5.0, 2024), expected(12, 0.1, 5.0, 2024)), \
        "one draw per retry, from one random.Random(seed), times min(cap, base * 2**n)"


def test_other_seeds_and_bases():
    for seed, base, cap in [(0, 0.05, 1.0), (99, 1.0, 30.0), (123456, 0.2, 2.0)]:
        assert close_lists(jitter_delays(9, base, cap, seed), expected(9, base, cap, seed))


def test_different_seeds_differ():
    assert jitter_delays(5, 0.1, 5.0, 1) != jitter_delays(5, 0.1, 5.0, 2)


def test_cap_below_base():
    delays = jitter_delays(6, 2.0, 0.5, 8)
    assert all(0 <= d <= 0.5 for d in delays), "the cap applies from the very first retry"
    assert close_lists(delays, expected(6, 2.0, 0.5, 8))


def test_thousands_of_retries():
    delays = jitter_delays(3000, 0.1, 30.0, 5)
    assert len(delays) == 3000
    assert all(0 <= d <= 30.0 for d in delays)
    assert close_lists(delays, expected(3000, 0.1, 30.0, 5))


def test_negative_retries_raise_value_error():
    assert raises_value_error(-1, 0.1, 5.0, 0)


def test_zero_base_raises_value_error():
    assert raises_value_error(3, 0, 5.0, 0)


def test_negative_base_raises_value_error():
    assert raises_value_error(3, -0.1, 5.0, 0)


def test_zero_cap_raises_value_error():
    assert raises_value_error(3, 0.1, 0, 0)
