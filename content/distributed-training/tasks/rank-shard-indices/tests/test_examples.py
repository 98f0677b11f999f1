from solution import shard_indices


def test_ten_samples_four_ranks_padded():
    expected = [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]]
    got = [list(shard_indices(10, r, 4)) for r in range(4)]
    assert got == expected, f"expected {expected}, got {got}"


def test_ten_samples_four_ranks_drop_last():
    expected = [[0, 4], [1, 5], [2, 6], [3, 7]]
    got = [list(shard_indices(10, r, 4, drop_last=True)) for r in range(4)]
    assert got == expected, f"expected {expected}, got {got}"
