import json

import cairn


def test_every_process_finishes():
    assert [run.rank for run in cairn.runs] == [0, 1, 2, 3]
    for run in cairn.runs:
        assert not run.timed_out and run.returncode == 0, f"{run}: {run.stderr[-500:]}"


def test_every_client_gets_its_answers_in_order():
    for rank in (1, 2, 3):
        with open(f"result-{rank}.json") as f:
            assert json.load(f) == [2 * (rank * 100 + i) for i in range(10)], f"client {rank}"
