from solution import desired_replicas

# The lesson's worked example: 50 messages/s per replica, drain within 120 s,
# minimum 0, maximum 8, a quota of 8 GPUs and 1 GPU per replica.


def test_lesson_table():
    expected = {0: [0, 0], 1_200: [1, 1], 18_000: [3, 3], 52_000: [9, 8], 90_000: [15, 8], 30_000: [5, 5]}
    for backlog, pair in expected.items():
        got = list(desired_replicas(backlog, 50, 120, 0, 8, 8, 1))
        assert got == pair, f"backlog {backlog}: expected (wanted, granted) = {pair}, got {got}"


def test_two_gpus_per_replica():
    got = list(desired_replicas(52_000, 50, 120, 0, 8, 8, 2))
    assert got == [9, 4], f"8 GPUs hold 4 replicas of 2 GPUs each: expected [9, 4], got {got}"
