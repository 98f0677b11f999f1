def batch_plan(global_batch, world_size, max_micro_batch):
    if min(global_batch, world_size, max_micro_batch) < 1:
        raise ValueError("all arguments must be at least 1")
    if global_batch % world_size:
        raise ValueError("the global batch does not split over the ranks")
    # Wrong: looks for a micro-batch that divides the global batch, not the rank's share,
    # so micro_batch * world_size * accum_steps can miss the global batch.
    for micro in range(max_micro_batch, 0, -1):
        if global_batch % micro == 0:
            return micro, global_batch // (world_size * micro)
