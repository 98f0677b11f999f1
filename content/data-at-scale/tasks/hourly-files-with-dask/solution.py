import glob

import dask
import pandas as pd


def partial(df):
    """What one file contributes: sums and counts, which add up across files."""
    return df.groupby("endpoint")["latency_ms"].agg(["sum", "count"])


def combine(parts):
    totals = pd.concat(parts).groupby(level=0).sum()
    return {
        str(endpoint): {
            "requests": int(row["count"]),
            "mean_latency_ms": float(row["sum"] / row["count"]),
        }
        for endpoint, row in totals.iterrows()
        if row["count"] > 0
    }


def summarise(pattern):
    """Return {endpoint: {"requests": int, "mean_latency_ms": float}} over every CSV
    file matching `pattern`, with one Dask task per file and a single compute()."""
    paths = sorted(glob.glob(pattern))
    if not paths:
        return {}
    frames = [dask.delayed(pd.read_csv)(path) for path in paths]
    parts = [dask.delayed(partial)(frame) for frame in frames]
    return dask.delayed(combine)(parts).compute()
