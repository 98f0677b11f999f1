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
    # Wrong: caps at the maximum and the quota first, then raises to the minimum, so
    # the minimum wins over the quota and asks for replicas that can never start.
    ceiling = min(max_replicas, gpu_quota // gpus_per_replica)
    granted = max(min_replicas, min(ceiling, wanted))
    return wanted, granted
