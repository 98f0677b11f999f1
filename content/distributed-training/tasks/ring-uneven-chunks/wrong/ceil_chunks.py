def ring_allreduce(buffers, bytes_per_value):
    """Simulates the ring, but cuts chunks of ceil(L/N) values, so the last ones are short or empty."""
    if not buffers:
        raise ValueError("a ring needs at least one rank")
    length = len(buffers[0])
    if any(len(b) != length for b in buffers):
        raise ValueError("all buffers must have the same length")
    if bytes_per_value < 1:
        raise ValueError("bytes_per_value must be at least 1")
    n = len(buffers)
    size = -(-length // n)
    bounds = [(min(i * size, length), min((i + 1) * size, length)) for i in range(n)]
    bufs = [list(b) for b in buffers]
    sent = [0] * n

    def run(combine, first_chunk):
        for s in range(n - 1):
            messages = []
            for r in range(n):
                lo, hi = bounds[(first_chunk(r) - s) % n]
                messages.append(((r + 1) % n, lo, hi, bufs[r][lo:hi]))
                sent[r] += (hi - lo) * bytes_per_value
            for dst, lo, hi, data in messages:
                bufs[dst][lo:hi] = combine(bufs[dst][lo:hi], data)

    run(lambda mine, data: [a + b for a, b in zip(mine, data)], lambda r: r)
    run(lambda mine, data: data, lambda r: r + 1)
    return bufs, sent
