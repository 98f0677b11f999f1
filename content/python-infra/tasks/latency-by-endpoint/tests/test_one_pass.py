import cairn
from solution import mean_by_endpoint


def test_reads_a_stream_once():
    lines = cairn.Stream(["/embed,81.5\n", "/generate,1250\n", "/embed,78.5\n"], batch=1)
    assert mean_by_endpoint(lines) == {"/embed": 80.0, "/generate": 1250.0}, (
        "the lines arrive as a stream, like an open file: it can be read only once"
    )
    assert lines.finished


def test_keeps_running_totals_not_the_lines():
    lines = cairn.Stream(f"/e{i % 3},{i % 100}\n" for i in range(100_000))
    result = mean_by_endpoint(lines)
    assert sorted(result) == ["/e0", "/e1", "/e2"]
    grew = cairn.last_call.peak_memory
    if grew is not None:  # None where the kernel cannot measure it
        assert grew < 3 * 2**20, (
            f"memory grew by {grew / 2**20:.1f} MiB over 100,000 lines: "
            "keep a running sum and count per endpoint, not the lines"
        )
