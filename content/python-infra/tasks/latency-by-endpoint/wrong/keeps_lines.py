import math


def mean_by_endpoint(lines):
    # Wrong: reads the stream once, but keeps every line in memory first.
    rows = []
    for line in lines:
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 2 or not fields[0]:
            raise ValueError(f"bad line {line!r}")
        latency = float(fields[1])
        if not math.isfinite(latency) or latency < 0:
            raise ValueError(f"bad latency in {line!r}")
        rows.append((fields[0], latency))
    names = {name for name, _ in rows}
    return {n: sum(v for m, v in rows if m == n) / sum(1 for m, _ in rows if m == n) for n in names}
