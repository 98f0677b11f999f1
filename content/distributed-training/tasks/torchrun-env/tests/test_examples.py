from solution import worker_envs


def test_the_second_of_two_nodes():
    envs = worker_envs(2, 4, 1, "node-a.example.com")
    assert [e["RANK"] for e in envs] == ["4", "5", "6", "7"], f"got {[e['RANK'] for e in envs]}"
    assert envs[2] == {
        "RANK": "6",
        "LOCAL_RANK": "2",
        "GROUP_RANK": "1",
        "WORLD_SIZE": "8",
        "LOCAL_WORLD_SIZE": "4",
        "MASTER_ADDR": "node-a.example.com",
        "MASTER_PORT": "29500",
        "TORCHELASTIC_RESTART_COUNT": "0",
    }, f"got {envs[2]}"


def test_one_node():
    envs = worker_envs(1, 2, 0, "127.0.0.1", master_port=29400)
    assert [(e["RANK"], e["LOCAL_RANK"], e["MASTER_PORT"]) for e in envs] == [("0", "0", "29400"), ("1", "1", "29400")]
