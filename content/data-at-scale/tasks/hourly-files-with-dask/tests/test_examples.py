from solution import summarise


def write(path, rows):
    with open(path, "w") as f:
        f.write("endpoint,tokens,latency_ms\n")
        f.writelines(f"{endpoint},{100},{latency}\n" for endpoint, latency in rows)


def test_two_hours():
    write("hour-00.csv", [("/embed", 80.0), ("/embed", 90.0), ("/generate", 1000.0)])
    write("hour-01.csv", [("/embed", 130.0)])
    assert summarise("hour-*.csv") == {
        "/embed": {"requests": 3, "mean_latency_ms": 100.0},
        "/generate": {"requests": 1, "mean_latency_ms": 1000.0},
    }
