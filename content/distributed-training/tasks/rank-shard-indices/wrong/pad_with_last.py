def shard_indices(n, rank, world_size, drop_last=False):
    if world_size < 1:
        raise ValueError("world_size must be at least 1")
    if not 0 <= rank < world_size:
        raise ValueError(f"rank must be between 0 and {world_size - 1}")
    if n < 0:
        raise ValueError("n cannot be negative")
    if drop_last:
        indices = list(range(n // world_size * world_size))
    else:
        # Wrong: pads by repeating the last index, not the front of the list.
        total = -(-n // world_size) * world_size
        indices = list(range(n)) + [n - 1] * (total - n)
    return indices[rank::world_size]
