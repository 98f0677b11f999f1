def batch_plan(global_batch, world_size, max_micro_batch):
    """Return (micro_batch, accum_steps) with micro_batch * world_size * accum_steps
    == global_batch, micro_batch <= max_micro_batch, and as few accum_steps as possible.
    Raise ValueError when that is impossible or an argument is below 1.
    """
    micro_batch = max_micro_batch  # TODO: this does not always divide the work evenly
    accum_steps = global_batch // (world_size * micro_batch)
    return micro_batch, accum_steps
