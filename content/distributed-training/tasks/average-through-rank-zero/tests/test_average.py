import json

import cairn


def test_every_rank_holds_the_average():
    gradients = [[float(r + 1), 2.0 * (r + 1), -0.5 * r] for r in range(4)]
    expected = [sum(values) / 4 for values in zip(*gradients)]
    for rank in range(4):
        with open(f"result-{rank}.json") as f:
            result = json.load(f)
        assert len(result) == 3 and all(abs(a - b) < 1e-9 for a, b in zip(result, expected)), (
            f"rank {rank} holds {result}"
        )


def test_four_processes_ran():
    assert [run.rank for run in cairn.runs] == [0, 1, 2, 3]
