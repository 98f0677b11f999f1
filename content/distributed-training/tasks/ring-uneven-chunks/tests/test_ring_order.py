import math

from solution import ring_allreduce


def ring_order_sum(buffers, position):
    """The ring's sum at `position`: start at the chunk's rank, add the next ranks in turn."""
    n, length = len(buffers), len(buffers[0])
    chunk = next(i for i in range(n) if i * length // n <= position < (i + 1) * length // n)
    total = buffers[chunk][position]
    for step in range(1, n):
        total = buffers[(chunk + step) % n][position] + total
    return total


def test_each_chunk_is_added_in_ring_order():
    # Chunks [0, 1), [1, 2), [2, 4): each starts on a different rank.
    buffers = [[1e16, 1.0, 3.0, -1e16], [1.0, 1e16, -1e16, 1.0], [-1e16, -1e16, 1e16, 1e16]]
    results, sent = ring_allreduce(buffers, 8)
    assert results == [[0.0, 1.0, 4.0, 1.0]] * 3, "not the ring's order of additions"
    assert list(sent) == [40, 40, 48]


def test_rounding_follows_the_ring_on_many_shapes():
    for n in (2, 3, 4, 5, 7, 8):
        for length in (n, n + 3, 3 * n - 1):
            buffers = [
                [(1e16 if (r + i) % 3 == 0 else -1e16 if (r + i) % 3 == 1 else 1.0 + r) for i in range(length)]
                for r in range(n)
            ]
            results, _ = ring_allreduce(buffers, 4)
            expected = [ring_order_sum(buffers, i) for i in range(length)]
            assert all(result == expected for result in results), f"N={n}, L={length}: not the ring's sums"


def test_not_an_exact_sum():
    buffers = [[1e16, -1e16, 1.0], [1.0, 1e16, -1e16], [-1e16, 1.0, 1e16]]
    results, _ = ring_allreduce(buffers, 4)
    exact = [math.fsum(col) for col in zip(*buffers)]
    assert exact == [1.0, 1.0, 1.0]
    assert results == [[0.0, 0.0, 0.0]] * 3, "the ring adds in floating point, step by step; it does not round once"


def test_every_rank_holds_the_same_bits():
    buffers = [[0.1 * (r + 1) + 1e-3 * i for i in range(11)] for r in range(6)]
    results, _ = ring_allreduce(buffers, 4)
    assert all(result == results[0] for result in results), "the all-gather copies one result to every rank"


def test_the_input_buffers_are_left_alone():
    buffers = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    ring_allreduce(buffers, 4)
    assert buffers == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "the caller's buffers were changed"
