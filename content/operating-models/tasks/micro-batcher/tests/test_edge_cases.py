from solution import plan_batches


def close(plan, expected):
    return len(plan) == len(expected) and all(
        abs(t - et) < 1e-9 and list(b) == eb for (t, b), (et, eb) in zip(plan, expected)
    )


def test_the_deadline_counts_from_the_first_request():
    # a trickle just under max_wait apart must not keep the batch open
    arrivals = [0.0, 0.375, 0.75, 1.125]
    plan = plan_batches(arrivals, max_batch=10, max_wait=0.5)
    assert close(plan, [(0.5, [0, 1]), (1.25, [2, 3])]), plan


def test_a_request_at_the_deadline_opens_the_next_batch():
    plan = plan_batches([0.0, 0.25, 0.5, 0.625], max_batch=8, max_wait=0.5)
    assert close(plan, [(0.5, [0, 1]), (1.0, [2, 3])]), plan


def test_a_full_batch_leaves_at_once_not_at_its_deadline():
    plan = plan_batches([0.0, 0.125, 0.25, 2.0], max_batch=3, max_wait=1.0)
    assert close(plan, [(0.25, [0, 1, 2]), (3.0, [3])]), plan


def test_batches_never_exceed_max_batch():
    arrivals = [i * 0.001 for i in range(100)]
    plan = plan_batches(arrivals, max_batch=7, max_wait=10.0)
    assert [len(b) for _, b in plan] == [7] * 14 + [2]
    assert [i for _, b in plan for i in b] == list(range(100))


def test_max_batch_one_and_zero_wait():
    assert close(plan_batches([0.5, 0.5, 0.75], 1, 0.25), [(0.5, [0]), (0.5, [1]), (0.75, [2])])
    assert close(plan_batches([0.5, 0.5, 0.75], 4, 0.0), [(0.5, [0]), (0.5, [1]), (0.75, [2])])


def test_bad_settings_raise_value_error():
    for args in ((0, 0.1), (-1, 0.1), (4, -0.001)):
        try:
            plan_batches([0.0], *args)
        except ValueError:
            continue
        raise AssertionError(f"expected ValueError for max_batch, max_wait = {args}")


def test_no_request_waits_longer_than_max_wait():
    import random

    rng = random.Random(7)
    t, arrivals = 0.0, []
    for _ in range(2000):
        t += rng.expovariate(300.0)
        arrivals.append(t)
    plan = plan_batches(arrivals, max_batch=16, max_wait=0.02)
    assert sorted(i for _, b in plan for i in b) == list(range(2000))
    worst = max(d - arrivals[i] for d, b in plan for i in b)
    assert worst <= 0.02 + 1e-9, f"a request waited {worst * 1000:.1f} ms"
