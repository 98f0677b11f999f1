from solution import ring_allreduce


def expected_sent(n, length, bytes_per_value):
    size = [(i + 1) * length // n - i * length // n for i in range(n)]
    if n == 1:
        return [0]
    return [(2 * length - size[(r + 1) % n] - size[(r + 2) % n]) * bytes_per_value for r in range(n)]


def test_world_size_one_sends_nothing():
    results, sent = ring_allreduce([[1, 2, 3]], 4)
    assert results == [[1, 2, 3]], f"a single rank already has the sum, got {results}"
    assert list(sent) == [0], f"a single rank sends nothing, got {sent}"


def test_two_ranks():
    results, sent = ring_allreduce([[1, 2, 3], [4, 5, 6]], 2)
    assert results == [[5, 7, 9], [5, 7, 9]], f"got {results}"
    assert list(sent) == [6, 6], f"with 2 ranks each sends L values: 3 x 2 bytes, got {sent}"


def test_empty_buffers():
    results, sent = ring_allreduce([[], [], []], 2)
    assert results == [[], [], []]
    assert list(sent) == [0, 0, 0]


def test_fewer_values_than_ranks():
    results, sent = ring_allreduce([[1, 2], [3, 4], [5, 6], [7, 8]], 1)
    assert results == [[16, 20]] * 4, f"got {results}"
    assert list(sent) == [3, 3, 3, 3], f"chunks of lengths 0, 1, 0, 1: expected [3, 3, 3, 3], got {sent}"


def test_uneven_chunks_five_ranks():
    buffers = [[(r + 1) * (i + 1) for i in range(12)] for r in range(5)]
    results, sent = ring_allreduce(buffers, 2)
    total = [sum(col) for col in zip(*buffers)]
    assert results == [total] * 5, f"every rank should hold {total}, got {results}"
    assert list(sent) == expected_sent(5, 12, 2), f"expected {expected_sent(5, 12, 2)}, got {sent}"


def test_many_shapes():
    for n in range(1, 9):
        for length in (0, 1, n - 1, n, n + 1, 2 * n + 3, 37):
            if length < 0:
                continue
            buffers = [[(r * 7 + i * 3) % 11 - 5 for i in range(length)] for r in range(n)]
            results, sent = ring_allreduce(buffers, 4)
            total = [sum(col) for col in zip(*buffers)]
            assert results == [total] * n, f"N={n}, L={length}: wrong sums"
            assert list(sent) == expected_sent(n, length, 4), f"N={n}, L={length}: expected {expected_sent(n, length, 4)} bytes, got {sent}"
            assert sum(sent) == 2 * (n - 1) * length * 4, f"N={n}, L={length}: total traffic should be 2(N-1)L values"


def test_float_gradients():
    buffers = [[0.5, -1.25, 3.0], [0.25, 0.25, -1.0], [1.0, 2.0, 0.5]]
    results, sent = ring_allreduce(buffers, 2)
    for r, buf in enumerate(results):
        assert all(abs(a - b) < 1e-9 for a, b in zip(buf, [1.75, 1.0, 2.5])), f"rank {r}: got {buf}"
    assert list(sent) == [8, 8, 8]


def test_eight_ranks_a_thousand_values():
    n, length = 8, 1000
    buffers = [[r] * length for r in range(n)]
    results, sent = ring_allreduce(buffers, 2)
    assert results == [[28] * length] * n
    assert list(sent) == [3500] * n, "2 x 7/8 x 1,000 values x 2 bytes"


def test_invalid_arguments_raise_value_error():
    cases = [([], 2), ([[1, 2], [3]], 2), ([[1, 2], [3, 4]], 0)]
    for buffers, bpv in cases:
        try:
            ring_allreduce(buffers, bpv)
        except ValueError:
            continue
        assert False, f"ring_allreduce({buffers}, {bpv}) should raise ValueError"
