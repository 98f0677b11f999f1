from solution import wall_time


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def raises_value_error(durations, workers):
    try:
        wall_time(durations, workers)
    except ValueError:
        return True
    return False


def test_no_calls():
    assert wall_time([], 4) == 0


def test_single_call():
    assert close(wall_time([0.7], 3), 0.7)


def test_one_worker_runs_calls_back_to_back():
    assert close(wall_time([0.5, 0.25, 1.0, 0.25], 1), 2.0)


def test_more_workers_than_calls():
    assert close(wall_time([0.3, 1.2, 0.4], 16), 1.2), "every call starts at once; the longest decides"


def test_twenty_calls_twenty_workers():
    assert close(wall_time([0.2] * 20, 20), 0.2)


def test_a_long_call_at_the_start():
    assert wall_time([3, 1, 1, 1], 2) == 3, "the short calls run on the other worker meanwhile"


def test_uneven_number_of_rounds():
    assert close(wall_time([0.2] * 21, 4), 1.2), "the 21st call needs a sixth round"


def test_mixed_durations():
    # worker A: 5 | worker B: 2, 2, 4 (starts at 4) | worker C: 3, 1 (starts at 3), 2 (starts at 4)
    assert wall_time([5, 2, 3, 2, 1, 4, 2], 3) == 8


def test_zero_length_calls():
    assert wall_time([0, 0, 0], 2) == 0


def test_many_calls():
    durations = [(i * 37) % 11 / 10 for i in range(2000)]
    expected = _reference(durations, 50)
    assert close(wall_time(durations, 50), expected)


def test_zero_workers_raise_value_error():
    assert raises_value_error([1, 2], 0)


def test_negative_workers_raise_value_error():
    assert raises_value_error([1, 2], -3)


def test_zero_workers_raise_even_without_calls():
    assert raises_value_error([], 0), "a pool of no workers is invalid, with or without calls"


def test_negative_duration_raises_value_error():
    assert raises_value_error([1, -0.5, 2], 2)


def _reference(durations, workers):
    free_at = [0.0] * workers
    for d in durations:
        i = free_at.index(min(free_at))
        free_at[i] += d
    return max(free_at)
