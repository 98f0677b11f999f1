from solution import batch_plan


def plan(*args):
    return list(batch_plan(*args))


def test_restart_on_half_the_nodes():
    assert plan(1024, 16, 4) == [4, 16], "half the GPUs: twice the accumulation steps"


def test_no_accumulation_needed():
    assert plan(256, 8, 32) == [32, 1], "8 x 32 is already 256"


def test_largest_fitting_divisor_is_below_the_maximum():
    assert plan(1024, 16, 6) == [4, 16], "6 does not divide the share of 64; 4 is the largest size that does"


def test_prime_share_needs_micro_batches_of_one():
    assert plan(56, 8, 4) == [1, 7], "a share of 7 samples per rank splits only into micro-batches of 1"


def test_memory_allows_more_than_the_share():
    assert plan(64, 32, 16) == [2, 1], "the micro-batch cannot exceed the rank's share of 2"


def test_world_size_one():
    assert plan(96, 1, 40) == [32, 3], "on one GPU the share is 96; 32 is its largest divisor up to 40"


def test_one_sample_per_rank():
    assert plan(8, 8, 4) == [1, 1], "8 samples on 8 ranks: one each, no accumulation"


def test_global_batch_not_divisible_by_world_size():
    for args in [(1024, 24, 4), (8, 16, 4), (100, 3, 10)]:
        try:
            batch_plan(*args)
        except ValueError:
            continue
        assert False, f"batch_plan{args} cannot keep the global batch exactly: expected ValueError"


def test_arguments_below_one():
    for args in [(0, 8, 4), (256, 0, 4), (256, 8, 0), (-256, 8, 4), (256, -8, 4)]:
        try:
            batch_plan(*args)
        except ValueError:
            continue
        assert False, f"batch_plan{args} should raise ValueError"


def test_every_valid_world_size():
    global_batch, max_micro = 720, 7
    for world in range(1, global_batch + 1):
        if global_batch % world:
            continue
        share = global_batch // world
        best = max(b for b in range(1, min(max_micro, share) + 1) if share % b == 0)
        micro, accum = plan(global_batch, world, max_micro)
        assert micro * world * accum == global_batch, f"world size {world}: {micro} x {world} x {accum} != {global_batch}"
        assert micro <= max_micro, f"world size {world}: micro-batch {micro} does not fit"
        assert [micro, accum] == [best, share // best], f"world size {world}: fewer accumulation steps are possible"
