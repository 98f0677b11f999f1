import math


def desired_replicas(backlog, per_replica_rate, drain_seconds,
                     min_replicas, max_replicas, gpu_quota, gpus_per_replica):
    if backlog < 0 or min_replicas < 0 or gpu_quota < 0:
        raise ValueError("backlog, minimum and quota cannot be negative")
    if per_replica_rate <= 0 or drain_seconds <= 0 or gpus_per_replica <= 0:
        raise ValueError("rate, drain time and GPUs per replica must be positive")
    if max_replicas < min_replicas:
        raise ValueError("the maximum is below the minimum")
    # Wrong: int(x) + 1 as "round up". It is one too many whenever the backlog is an
    # exact multiple of one replica's share, and asks for a replica for an empty queue.
    wanted = int(backlog / (per_replica_rate * drain_seconds)) + 1
    ceiling = min(max_replicas, gpu_quota // gpus_per_replica)
    granted = min(ceiling, max(min_replicas, wanted))
    return wanted, granted
