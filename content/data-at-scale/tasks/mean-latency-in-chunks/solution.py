import pandas as pd


def mean_latency_by_endpoint(path, chunksize=50_000):
    """Return {endpoint: mean latency_ms} for the CSV file at path.

    Read at most `chunksize` rows at a time, and only the columns you need.
    """
    sums = {}
    counts = {}
    for chunk in pd.read_csv(path, usecols=["endpoint", "latency_ms"], chunksize=chunksize):
        grouped = chunk.groupby("endpoint")["latency_ms"].agg(["sum", "count"])
        for endpoint, row in grouped.iterrows():
            sums[endpoint] = sums.get(endpoint, 0.0) + float(row["sum"])
            counts[endpoint] = counts.get(endpoint, 0) + int(row["count"])
    return {endpoint: sums[endpoint] / counts[endpoint] for endpoint in sums}
