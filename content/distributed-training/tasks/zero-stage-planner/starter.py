def model_states_gb(params_billion, gpus, stage):
    """GB per GPU of weights, gradients and Adam states under a ZeRO stage (0-3)."""
    return 16 * params_billion  # TODO: shard according to the stage


def smallest_zero_stage(params_billion, gpus, gpu_gb, activations_gb=0):
    """The lowest ZeRO stage whose model states plus activations fit in gpu_gb,
    or None if none does. Raise ValueError for impossible arguments."""
    for stage in range(4):
        if model_states_gb(params_billion, gpus, stage) <= gpu_gb:  # TODO: activations
            return stage
    return None
