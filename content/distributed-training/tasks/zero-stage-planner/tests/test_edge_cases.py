from solution import smallest_zero_stage


def test_zero_paper_example():
    # 7.5B parameters on 64 GPUs: 120, 31.4, 16.6 and 1.9 GB per GPU.
    assert smallest_zero_stage(7.5, 64, 32) == 1, "31.4 GB fits in 32 at stage 1"
    assert smallest_zero_stage(7.5, 64, 20) == 2, "16.6 GB fits in 20 at stage 2"
    assert smallest_zero_stage(7.5, 64, 16) == 3, "only stage 3 (1.9 GB) fits in 16"


def test_exactly_full_fits():
    assert smallest_zero_stage(7, 8, 26.25) == 2, "26.25 GB of states in 26.25 GB fits"
    assert smallest_zero_stage(7, 8, 112) == 0, "112 GB in 112 GB fits"
    assert smallest_zero_stage(7.5, 64, 1.875) == 3, "1.875 GB in 1.875 GB fits"


def test_nothing_fits():
    assert smallest_zero_stage(70, 8, 80) is None, "the 70B model needs 140 GB per GPU even at stage 3"
    assert smallest_zero_stage(7.5, 64, 1.8) is None, "stage 3 needs 1.875 GB"


def test_one_gpu_has_nothing_to_shard():
    assert smallest_zero_stage(1.5, 1, 24) == 0, "24 GB fits in 24 GB without sharding"
    assert smallest_zero_stage(7, 1, 80) is None, "on one GPU every stage needs 112 GB"


def test_activations_are_not_sharded():
    assert smallest_zero_stage(7, 8, 80, activations_gb=18) == 1, "38.5 + 18 = 56.5 GB fits at stage 1"
    assert smallest_zero_stage(7, 8, 40, activations_gb=18) == 3, "stage 2 needs 44.25 GB, stage 3 only 32"
    assert smallest_zero_stage(7, 8, 80, activations_gb=104) is None, "activations alone exceed the GPU"


def test_activations_exactly_fill_the_gpu():
    assert smallest_zero_stage(1, 16, 11, activations_gb=10) == 3, "1 GB of states + 10 GB = 11 GB fits"


def test_two_gpus():
    # 8B parameters on 2 GPUs: 128, 80, 72, 64 GB.
    assert smallest_zero_stage(8, 2, 80) == 1, "80 GB at stage 1 fits exactly"
    assert smallest_zero_stage(8, 2, 79) == 2, "72 GB at stage 2"
    assert smallest_zero_stage(8, 2, 64) == 3, "64 GB at stage 3 fits exactly"


def test_invalid_arguments_raise_value_error():
    bad = [(0, 8, 80, 0), (-7, 8, 80, 0), (7, 0, 80, 0), (7, -8, 80, 0), (7, 8, 0, 0), (7, 8, -80, 0), (7, 8, 80, -1)]
    for args in bad:
        try:
            smallest_zero_stage(*args)
        except ValueError:
            continue
        assert False, f"smallest_zero_stage{args} should raise ValueError"
