from solution import batch_plan


def test_lesson_example_four_nodes():
    # 4 nodes of 8 GPUs, micro-batches of up to 4 sequences, global batch 1,024.
    got = list(batch_plan(1024, 32, 4))
    assert got == [4, 8], f"expected micro-batch 4 and 8 accumulation steps, got {got}"


def test_one_gpu_accumulates():
    # The first row of the lesson's table: one GPU reaches 256 by accumulating.
    got = list(batch_plan(256, 1, 32))
    assert got == [32, 8], f"expected [32, 8], got {got}"
