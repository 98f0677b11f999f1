def batch_plan(global_batch, world_size, max_micro_batch):
    if min(global_batch, world_size, max_micro_batch) < 1:
        raise ValueError("all arguments must be at least 1")
    # Wrong: floors the per-rank share instead of refusing a global batch that does not
    # split evenly over the ranks, so 1,024 on 24 GPUs silently trains with 1,008.
    share = global_batch // world_size
    for micro in range(min(max_micro_batch, share), 0, -1):
        if share % micro == 0:
            return micro, share // micro
    raise ValueError("no plan")
