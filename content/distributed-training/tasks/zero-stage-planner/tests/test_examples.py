from solution import smallest_zero_stage


def test_small_model_needs_no_sharding():
    # 1.5B parameters: 24 GB of model states fit on an 80 GB GPU as they are.
    assert smallest_zero_stage(1.5, 8, 80) == 0


def test_seven_billion_on_eight_gpus():
    # Lesson: 112 GB without sharding, 38.5 GB at stage 1, 26.25 at stage 2, 14 at stage 3.
    got = smallest_zero_stage(7, 8, 40)
    assert got == 1, f"38.5 GB fits in 40 GB at stage 1, got {got}"
