import pandas as pd


def mean_latency_by_endpoint(path, chunksize=50_000):
    # Wrong: takes the list of endpoints from the first chunk, so an endpoint that
    # first appears later is dropped.
    sums = counts = None
    for chunk in pd.read_csv(path, usecols=["endpoint", "latency_ms"], chunksize=chunksize):
        grouped = chunk.groupby("endpoint")["latency_ms"]
        if sums is None:
            sums = {e: 0.0 for e in grouped.groups}
            counts = {e: 0 for e in grouped.groups}
        for endpoint, values in grouped:
            if endpoint in sums:
                sums[endpoint] += float(values.sum())
                counts[endpoint] += len(values)
    return {e: sums[e] / counts[e] for e in sums} if sums else {}
