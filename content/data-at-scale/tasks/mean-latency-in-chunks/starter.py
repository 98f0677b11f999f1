import pandas as pd


def mean_latency_by_endpoint(path, chunksize=50_000):
    """Return {endpoint: mean latency_ms} for the CSV file at path.

    Read at most `chunksize` rows at a time, and only the columns you need.
    """
    totals = {}
    for chunk in pd.read_csv(path, usecols=["endpoint", "latency_ms"], chunksize=chunksize):
        # TODO: keep what you need to combine the chunks exactly
        pass
    return totals
