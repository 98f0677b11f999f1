from solution import mean_latency_by_endpoint


def write(path, rows):
    with open(path, "w") as f:
        f.write("request_id,endpoint,user,latency_ms\n")
        for i, (endpoint, latency) in enumerate(rows):
            f.write(f"{i},{endpoint},user-{i % 3},{latency}\n")


def test_means_across_chunk_boundaries():
    write("small.csv", [("/embed", 80.0), ("/embed", 90.0), ("/embed", 100.0),
                        ("/generate", 1200.0), ("/embed", 50.0)])
    # Chunks of 2 rows: [80, 90], [100, 1200 (/generate)], [50].
    assert mean_latency_by_endpoint("small.csv", chunksize=2) == {"/embed": 80.0, "/generate": 1200.0}
