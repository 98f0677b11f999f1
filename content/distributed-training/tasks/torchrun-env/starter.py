def worker_envs(nnodes, nproc_per_node, node_rank, master_addr, master_port=29500, restart_count=0):
    """The environment torchrun gives each worker it starts on one node (static rendezvous)."""
    envs = []
    for local in range(nproc_per_node):
        envs.append({
            "RANK": str(local),   # TODO: global, not local
            "LOCAL_RANK": str(local),
            # TODO: GROUP_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT,
            #       TORCHELASTIC_RESTART_COUNT
        })
    return envs
