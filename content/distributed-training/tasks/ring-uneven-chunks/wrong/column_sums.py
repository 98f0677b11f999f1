def ring_allreduce(buffers, bytes_per_value):
    """Shortcut: add each column up and count the bytes by formula; no ring is simulated."""
    if not buffers:
        raise ValueError("a ring needs at least one rank")
    length = len(buffers[0])
    if any(len(b) != length for b in buffers):
        raise ValueError("all buffers must have the same length")
    if bytes_per_value < 1:
        raise ValueError("bytes_per_value must be at least 1")
    n = len(buffers)
    sizes = [(i + 1) * length // n - i * length // n for i in range(n)]
    total = [sum(column) for column in zip(*buffers)]
    if n == 1:
        return [list(buffers[0])], [0]
    sent = [(2 * length - sizes[(r + 1) % n] - sizes[(r + 2) % n]) * bytes_per_value for r in range(n)]
    return [list(total) for _ in range(n)], sent
