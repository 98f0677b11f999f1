import math


def desired_replicas(backlog, per_replica_rate, drain_seconds,
                     min_replicas, max_replicas, gpu_quota, gpus_per_replica):
    """Return (wanted, granted) replicas for a queue of `backlog` messages.

    wanted:  replicas that clear the backlog within drain_seconds, ignoring all limits.
    granted: wanted, kept between min_replicas and max_replicas and within the GPU quota.
    Raise ValueError for settings that make no sense.
    """
    # TODO: check the arguments.
    wanted = 0       # TODO: replicas needed for the backlog
    granted = wanted  # TODO: apply the minimum, the maximum and the quota
    return wanted, granted
