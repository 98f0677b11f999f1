def shard_indices(n, rank, world_size, drop_last=False):
    """The indices `rank` reads in one epoch: strided, padded or cut so that every
    rank gets the same number. Raise ValueError for impossible arguments."""
    indices = list(range(n))
    # TODO: pad by repeating from the front, or cut the tail when drop_last is true.
    return indices[rank::world_size]
