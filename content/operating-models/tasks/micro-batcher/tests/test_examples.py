from solution import plan_batches


def close(plan, expected):
    return len(plan) == len(expected) and all(
        abs(t - et) < 1e-9 and list(b) == eb for (t, b), (et, eb) in zip(plan, expected)
    )


def test_the_example_from_the_prompt():
    plan = plan_batches([0.0, 0.25, 0.5, 2.0], max_batch=2, max_wait=0.5)
    assert close(plan, [(0.25, [0, 1]), (1.0, [2]), (2.5, [3])]), plan


def test_a_burst_fills_batches():
    plan = plan_batches([1.0] * 5, max_batch=2, max_wait=0.5)
    assert close(plan, [(1.0, [0, 1]), (1.0, [2, 3]), (1.5, [4])]), plan


def test_no_requests_no_batches():
    assert plan_batches([], max_batch=4, max_wait=0.01) == []
