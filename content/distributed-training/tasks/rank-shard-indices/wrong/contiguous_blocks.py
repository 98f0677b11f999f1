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
        total = -(-n // world_size) * world_size
        indices = [i % n for i in range(total)]
    # Wrong: gives each rank a contiguous block instead of every world_size-th index.
    per_rank = len(indices) // world_size
    return indices[rank * per_rank:(rank + 1) * per_rank]
