def plan_batches(arrivals, max_batch, max_wait):
    """Simulate a dynamic batcher; return [(dispatch_time, [indices]), ...]."""
    plan, batch = [], []
    for i, t in enumerate(arrivals):
        batch.append(i)
        if len(batch) == max_batch:
            plan.append((t, batch))
            batch = []
    return plan
