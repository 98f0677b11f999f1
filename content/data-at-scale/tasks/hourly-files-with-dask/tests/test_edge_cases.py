import random

import cairn
from solution import summarise


def write_hours(prefix, sizes, seed):
    """Write one file per hour and return the exact summary, computed as we go."""
    generator = random.Random(seed)
    sums, counts = {}, {}
    for hour, size in enumerate(sizes):
        with open(f"{prefix}-{hour:02d}.csv", "w") as f:
            f.write("endpoint,tokens,latency_ms\n")
            for _ in range(size):
                endpoint = generator.choice(["/embed", "/generate", "/rerank"])
                latency = round(generator.lognormvariate(4, 0.6), 3)
                f.write(f"{endpoint},{generator.randrange(4096)},{latency}\n")
                sums[endpoint] = sums.get(endpoint, 0.0) + latency
                counts[endpoint] = counts.get(endpoint, 0) + 1
    return {e: (counts[e], sums[e] / counts[e]) for e in sums}


def matches(result, expected):
    assert sorted(result) == sorted(expected), f"endpoints {sorted(result)}"
    for endpoint, (count, mean) in expected.items():
        assert result[endpoint]["requests"] == count, endpoint
        assert abs(result[endpoint]["mean_latency_ms"] - mean) <= 1e-9 * mean, endpoint


def test_hours_of_very_different_sizes():
    # A mean of the files' means would weigh the 3-request hour like the 12,000 one.
    expected = write_hours("busy", [5_000, 40, 900, 12_000, 3], seed=1)
    matches(summarise("busy-*.csv"), expected)


def test_twenty_four_hours():
    expected = write_hours("day", list(range(100, 2_500, 100)), seed=2)
    matches(summarise("day-*.csv"), expected)


def test_an_hour_with_no_requests():
    expected = write_hours("quiet", [300, 0, 200], seed=3)
    matches(summarise("quiet-*.csv"), expected)


def test_an_endpoint_in_one_file_only():
    write_hours("rare", [50, 50], 4)
    with open("rare-02.csv", "w") as f:
        f.write("endpoint,tokens,latency_ms\n/health,1,2.5\n")
    assert summarise("rare-*.csv")["/health"] == {"requests": 1, "mean_latency_ms": 2.5}


def test_no_files():
    assert summarise("nothing-*.csv") == {}


def test_uses_dask():
    assert any(name.startswith("dask.") for name in cairn.calls()), (
        "build the work with Dask (dask.delayed, dask.bag or dask.compute), one task per file"
    )
