def smallest_zero_stage(params_billion, gpus, gpu_gb, activations_gb=0):
    if params_billion <= 0 or gpu_gb <= 0:
        raise ValueError("params_billion and gpu_gb must be positive")
    if gpus < 1:
        raise ValueError("gpus must be at least 1")
    if activations_gb < 0:
        raise ValueError("activations_gb cannot be negative")
    p, n = params_billion, gpus
    # Wrong: converts bytes to GiB (2**30) although the prompt counts 1 GB = 10**9
    # bytes, so every stage looks 7 % smaller than it is.
    per_byte = 1e9 / 2**30
    per_gpu = [s * per_byte for s in (16 * p, 4 * p + 12 * p / n, 2 * p + 14 * p / n, 16 * p / n)]
    for stage, states_gb in enumerate(per_gpu):
        if states_gb + activations_gb <= gpu_gb:
            return stage
    return None
