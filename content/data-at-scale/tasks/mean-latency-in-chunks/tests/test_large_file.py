import ast
import random

import cairn
from solution import mean_latency_by_endpoint

ENDPOINTS = ["/embed", "/generate", "/rerank", "/classify"]


def write_day(path, rows, seed, last=None):
    """Write a day of requests and return the exact mean per endpoint, computed as we go."""
    generator = random.Random(seed)
    endpoints = generator.choices(ENDPOINTS, k=rows)
    if last:
        endpoints[-1] = last
    latencies = [round(generator.lognormvariate(4, 0.6), 3) for _ in range(rows)]
    users = generator.choices(range(5000), k=rows)
    tokens = generator.choices(range(4096), k=rows)
    sums, counts = {}, {}
    for endpoint, latency in zip(endpoints, latencies):
        sums[endpoint] = sums.get(endpoint, 0.0) + latency
        counts[endpoint] = counts.get(endpoint, 0) + 1
    with open(path, "w") as f:
        f.write("request_id,endpoint,user,tokens,latency_ms\n")
        f.writelines(
            f"{i},{e},user-{u},{t},{v}\n"
            for i, (e, u, t, v) in enumerate(zip(endpoints, users, tokens, latencies))
        )
    return {e: sums[e] / counts[e] for e in sums}


def close(result, expected):
    return sorted(result) == sorted(expected) and all(
        abs(result[e] - expected[e]) <= 1e-9 * expected[e] for e in expected
    )


def test_a_day_of_380_000_requests_in_flat_memory():
    # About 14 MB of CSV; read whole, it takes over 40 MiB.
    expected = write_day("day.csv", 380_000, seed=1)
    result = mean_latency_by_endpoint("day.csv")
    assert close(result, expected), "the means differ from the exact means"
    grew = cairn.last_call.peak_memory
    assert grew is None or grew < 28 * 2**20, f"memory grew by {grew / 2**20:.1f} MiB: read the file in chunks"


def test_reads_with_chunksize():
    tree = cairn.syntax()
    keywords = {k.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords}
    assert "chunksize" in keywords, "pass chunksize= to pandas.read_csv"


def test_uneven_chunks():
    expected = write_day("uneven.csv", 1_003, seed=2)
    assert close(mean_latency_by_endpoint("uneven.csv", chunksize=100), expected)


def test_an_endpoint_seen_only_in_the_last_chunk():
    expected = write_day("late.csv", 1_001, seed=3, last="/health")
    result = mean_latency_by_endpoint("late.csv", chunksize=250)
    assert close(result, expected), f"endpoints found: {sorted(result)}"


def test_a_file_with_only_its_header():
    with open("empty.csv", "w") as f:
        f.write("request_id,endpoint,user,tokens,latency_ms\n")
    assert mean_latency_by_endpoint("empty.csv") == {}
