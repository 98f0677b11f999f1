from solution import shard_indices


def shards(n, world_size, drop_last=False):
    return [list(shard_indices(n, r, world_size, drop_last)) for r in range(world_size)]


def test_even_split_needs_no_padding():
    assert shards(8, 4) == [[0, 4], [1, 5], [2, 6], [3, 7]]
    assert shards(8, 4, True) == [[0, 4], [1, 5], [2, 6], [3, 7]], "nothing to drop when W divides N"


def test_world_size_one_reads_everything():
    assert shards(5, 1) == [[0, 1, 2, 3, 4]]
    assert shards(5, 1, True) == [[0, 1, 2, 3, 4]]


def test_empty_data_set():
    assert shards(0, 3) == [[], [], []], "no samples: every shard is empty"
    assert shards(0, 3, True) == [[], [], []]


def test_fewer_samples_than_ranks_padded():
    assert shards(2, 5) == [[0], [1], [0], [1], [0]], "the padding wraps round the data set more than once"


def test_fewer_samples_than_ranks_dropped():
    assert shards(3, 5, True) == [[], [], [], [], []], "with drop_last nobody gets a sample when N < W"


def test_one_sample_many_ranks():
    assert shards(1, 4) == [[0], [0], [0], [0]], "one sample, padded for four ranks"


def test_padding_repeats_the_front():
    assert shards(5, 4) == [[0, 4], [1, 0], [2, 1], [3, 2]], "5 samples on 4 ranks: pad with 0, 1, 2"


def test_equal_lengths_and_full_coverage():
    for n in (97, 100, 101, 103):
        for world in (1, 2, 3, 7, 8, 16):
            padded = shards(n, world)
            lengths = {len(s) for s in padded}
            assert lengths == {-(-n // world)}, f"n={n}, W={world}: padded lengths {sorted(lengths)}"
            seen = sorted(i for s in padded for i in s)
            assert set(seen) == set(range(n)), f"n={n}, W={world}: some sample is never read"
            extra = len(seen) - n
            assert seen == sorted(list(range(n)) + list(range(extra))), \
                f"n={n}, W={world}: the padding should repeat indices 0..{extra - 1}"
            dropped = shards(n, world, True)
            assert {len(s) for s in dropped} == {n // world}, f"n={n}, W={world}: drop_last lengths differ"
            kept = sorted(i for s in dropped for i in s)
            assert kept == list(range(n // world * world)), f"n={n}, W={world}: drop_last should drop the tail"


def test_large_data_set():
    got = list(shard_indices(1_000_003, 7, 8))
    assert len(got) == 125_001, f"expected ceil(1,000,003 / 8) = 125,001 indices, got {len(got)}"
    assert got[:3] == [7, 15, 23], f"rank 7 starts 7, 15, 23, got {got[:3]}"
    assert got[-1] == 4, "the last slot of rank 7 is padding: index 4"


def test_invalid_arguments_raise_value_error():
    for args in [(10, 0, 0), (10, 0, -1), (10, 4, 4), (10, -1, 4), (-1, 0, 4)]:
        try:
            shard_indices(*args)
        except ValueError:
            continue
        assert False, f"shard_indices{args} should raise ValueError"
