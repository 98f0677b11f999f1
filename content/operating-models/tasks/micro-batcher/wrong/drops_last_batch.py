def plan_batches(arrivals, max_batch, max_wait):
    """Simulate a dynamic batcher; return [(dispatch_time, [indices]), ...]."""
    if max_batch < 1 or max_wait < 0:
        raise ValueError("max_batch must be >= 1 and max_wait >= 0")
    plan, batch, opened = [], [], None
    for i, t in enumerate(arrivals):
        if batch and t >= opened + max_wait:
            plan.append((opened + max_wait, batch))
            batch = []
        if not batch:
            opened = t
        batch.append(i)
        if len(batch) == max_batch:
            plan.append((t, batch))
            batch = []
    return plan
