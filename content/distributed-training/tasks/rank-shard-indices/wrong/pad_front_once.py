def shard_indices(n, rank, world_size, drop_last=False):
    if world_size < 1:
        raise ValueError("world_size must be at least 1")
    if not 0 <= rank < world_size:
        raise ValueError(f"rank must be between 0 and {world_size - 1}")
    if n < 0:
        raise ValueError("n cannot be negative")
    indices = list(range(n))
    if drop_last:
        indices = indices[:n // world_size * world_size]
    else:
        # Wrong: pads with range(pad) once. When the padding is longer than the data
        # set (2 samples on 5 ranks) it adds indices that do not exist.
        pad = -n % world_size
        indices += list(range(pad))
    return indices[rank::world_size]
