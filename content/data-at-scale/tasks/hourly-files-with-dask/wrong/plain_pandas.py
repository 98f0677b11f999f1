import glob

import pandas as pd


def summarise(pattern):
    # Wrong for this exercise: right numbers, but every file is read into one frame
    # by plain pandas, with no task graph to spread over cores or machines.
    paths = sorted(glob.glob(pattern))
    if not paths:
        return {}
    df = pd.concat(pd.read_csv(p) for p in paths)
    grouped = df.groupby("endpoint")["latency_ms"]
    return {str(e): {"requests": int(c), "mean_latency_ms": float(m)}
            for (e, c), m in zip(grouped.count().items(), grouped.mean())}
