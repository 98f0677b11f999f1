import pandas as pd


def mean_latency_by_endpoint(path, chunksize=50_000):
    # Wrong: averages the chunks' means, which weighs a short chunk as much as a full one.
    means = {}
    for chunk in pd.read_csv(path, usecols=["endpoint", "latency_ms"], chunksize=chunksize):
        for endpoint, mean in chunk.groupby("endpoint")["latency_ms"].mean().items():
            means.setdefault(endpoint, []).append(float(mean))
    return {e: sum(m) / len(m) for e, m in means.items()}
