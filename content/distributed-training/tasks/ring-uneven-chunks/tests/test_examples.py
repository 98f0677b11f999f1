from solution import ring_allreduce


def test_lesson_example_even_chunks():
    grads = [[r * 10 + i for i in range(8)] for r in range(4)]   # 4 ranks, 8 values
    results, sent = ring_allreduce(grads, 2)
    total = [sum(col) for col in zip(*grads)]
    assert results == [total] * 4, f"every rank should hold {total}, got {results}"
    assert list(sent) == [24] * 4, f"2 x 3/4 x 8 values x 2 bytes = 24 bytes each, got {sent}"


def test_three_ranks_four_values():
    # Chunks: positions [0, 1), [1, 2), [2, 4) -- lengths 1, 1, 2.
    results, sent = ring_allreduce([[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, 400]], 1)
    assert results == [[111, 222, 333, 444]] * 3, f"got {results}"
    assert list(sent) == [5, 5, 6], f"expected [5, 5, 6] bytes, got {sent}"
