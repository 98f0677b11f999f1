import math


def p95_by_endpoint(endpoints, latencies_ms):
    # Wrong for this exercise: right numbers, but a Python loop over every row.
    if len(endpoints) != len(latencies_ms):
        raise ValueError("endpoints and latencies_ms differ in length")
    groups = {}
    for name, value in zip(endpoints, latencies_ms):
        groups.setdefault(name, []).append(float(value))
    result = {}
    for name, values in groups.items():
        values.sort()
        rank = 0.95 * (len(values) - 1)
        low = math.floor(rank)
        high = min(low + 1, len(values) - 1)
        result[name] = values[low] + (values[high] - values[low]) * (rank - low)
    return result
