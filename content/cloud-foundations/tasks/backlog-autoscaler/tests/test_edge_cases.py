from solution import desired_replicas


def pair(*args):
    return list(desired_replicas(*args))


def test_exact_multiple_is_not_rounded_up():
    assert pair(12_000, 50, 120, 0, 10, 10, 1) == [2, 2], "12,000 messages at 6,000 per replica need exactly 2"


def test_one_message_more_needs_another_replica():
    assert pair(12_001, 50, 120, 0, 10, 10, 1) == [3, 3], "one message over 12,000 needs a third replica"


def test_small_backlog_still_needs_one_replica():
    assert pair(1, 50, 120, 0, 10, 10, 1) == [1, 1], "a single waiting message needs a replica"


def test_fractional_rate():
    assert pair(25, 2.5, 4, 0, 10, 10, 1) == [3, 3], "2.5 messages/s for 4 s is 10 per replica: 25 need 3"


def test_empty_queue_scales_to_zero():
    assert pair(0, 50, 120, 0, 8, 8, 1) == [0, 0], "an empty queue with minimum 0 needs no replicas"


def test_minimum_kept_when_idle():
    assert pair(0, 50, 120, 1, 8, 8, 1) == [0, 1], "wanted stays 0, but the minimum keeps one warm replica"


def test_minimum_above_wanted():
    assert pair(6_000, 50, 120, 3, 8, 8, 1) == [1, 3], "one replica is wanted, but the minimum is 3"


def test_maximum_below_the_quota():
    assert pair(90_000, 50, 120, 0, 4, 16, 1) == [15, 4], "max_replicas is the tighter limit here"


def test_quota_below_the_maximum():
    assert pair(90_000, 50, 120, 0, 20, 6, 1) == [15, 6], "the quota is the tighter limit here"


def test_quota_not_a_multiple_of_gpus_per_replica():
    assert pair(90_000, 50, 120, 0, 20, 7, 2) == [15, 3], "7 GPUs hold only 3 whole replicas of 2 GPUs"


def test_quota_below_the_minimum():
    assert pair(0, 50, 120, 2, 5, 1, 1) == [0, 1], "a replica the quota cannot hold never starts, even for the minimum"


def test_zero_quota_runs_nothing():
    assert pair(5_000, 50, 120, 1, 5, 0, 1) == [1, 0], "with no GPU quota nothing can start"


def test_wanted_ignores_the_limits():
    wanted, granted = pair(1_000_000, 50, 120, 0, 8, 8, 1)
    assert wanted == 167, f"wanted should ignore the maximum and the quota, got {wanted}"
    assert granted == 8


def test_invalid_arguments_raise_value_error():
    bad = [
        (-1, 50, 120, 0, 8, 8, 1),
        (100, 0, 120, 0, 8, 8, 1),
        (100, -5, 120, 0, 8, 8, 1),
        (100, 50, 0, 0, 8, 8, 1),
        (100, 50, 120, -1, 8, 8, 1),
        (100, 50, 120, 5, 4, 8, 1),
        (100, 50, 120, 0, 8, -1, 1),
        (100, 50, 120, 0, 8, 8, 0),
    ]
    for args in bad:
        try:
            desired_replicas(*args)
        except ValueError:
            continue
        assert False, f"desired_replicas{args} should raise ValueError"
