import math


def mean_by_endpoint(lines):
    # Wrong: checks every line in a first pass, then sums in a second one; a stream
    # (an open file, a generator) is empty the second time.
    for line in lines:
        if line.strip():
            fields = [f.strip() for f in line.split(",")]
            if len(fields) != 2 or not fields[0]:
                raise ValueError(f"bad line {line!r}")
            latency = float(fields[1])
            if not math.isfinite(latency) or latency < 0:
                raise ValueError(f"bad latency in {line!r}")
    totals, counts = {}, {}
    for line in lines:
        if line.strip():
            endpoint, latency = [f.strip() for f in line.split(",")]
            totals[endpoint] = totals.get(endpoint, 0.0) + float(latency)
            counts[endpoint] = counts.get(endpoint, 0) + 1
    return {e: totals[e] / counts[e] for e in totals}
