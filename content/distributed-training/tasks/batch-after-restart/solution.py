def batch_plan(global_batch, world_size, max_micro_batch):
    if min(global_batch, world_size, max_micro_batch) < 1:
        raise ValueError("all arguments must be at least 1")
    if global_batch % world_size:
        raise ValueError(f"{global_batch} samples do not split evenly over {world_size} ranks")
    share = global_batch // world_size          # samples per rank per optimizer step
    for micro in range(min(max_micro_batch, share), 0, -1):
        if share % micro == 0:                  # largest micro-batch that divides the share
            return micro, share // micro
