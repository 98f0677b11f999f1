from solution import worker_envs


def test_every_rank_exactly_once_across_the_nodes():
    for nnodes, nproc in [(2, 8), (3, 4), (16, 8), (5, 1)]:
        ranks = [int(e["RANK"]) for node in range(nnodes) for e in worker_envs(nnodes, nproc, node, "h0")]
        assert sorted(ranks) == list(range(nnodes * nproc)), f"{nnodes} x {nproc}: ranks {sorted(ranks)}"


def test_ranks_go_node_by_node():
    envs = worker_envs(4, 8, 3, "h0")
    assert [e["RANK"] for e in envs] == [str(r) for r in range(24, 32)]
    assert all(e["GROUP_RANK"] == "3" for e in envs)


def test_sizes_are_job_and_node():
    for e in worker_envs(3, 4, 2, "h0"):
        assert e["WORLD_SIZE"] == "12" and e["LOCAL_WORLD_SIZE"] == "4", f"got {e}"


def test_every_value_is_a_string():
    for e in worker_envs(2, 2, 1, "h0", master_port=1234, restart_count=3):
        assert all(isinstance(v, str) for v in e.values()), f"environment values are strings: {e}"


def test_restarts_are_counted():
    envs = worker_envs(2, 2, 0, "h0", restart_count=2)
    assert all(e["TORCHELASTIC_RESTART_COUNT"] == "2" for e in envs)


def test_every_worker_meets_at_rank_zero():
    envs = [e for node in range(3) for e in worker_envs(3, 2, node, "node-0.internal", master_port=23456)]
    assert {(e["MASTER_ADDR"], e["MASTER_PORT"]) for e in envs} == {("node-0.internal", "23456")}


def test_impossible_layouts_raise_value_error():
    for args in [(2, 4, 2), (2, 4, -1), (0, 4, 0), (2, 0, 0)]:
        try:
            worker_envs(*args, "h0")
        except ValueError:
            continue
        assert False, f"worker_envs{args} should raise ValueError"
