import math


def mean_by_endpoint(lines):
    """Return {endpoint: mean latency in ms} for lines like "/embed,81.5\n".

    Read `lines` once, keeping running totals only. Skip blank lines; raise
    ValueError for a malformed line or a latency that is not a finite number >= 0.
    """
    totals = {}
    counts = {}
    for line in lines:
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 2 or not fields[0]:
            raise ValueError(f"expected 'endpoint,latency_ms', got {line!r}")
        endpoint = fields[0]
        latency = float(fields[1])
        if not math.isfinite(latency) or latency < 0:
            raise ValueError(f"bad latency in {line!r}")
        totals[endpoint] = totals.get(endpoint, 0.0) + latency
        counts[endpoint] = counts.get(endpoint, 0) + 1
    return {endpoint: totals[endpoint] / counts[endpoint] for endpoint in totals}
