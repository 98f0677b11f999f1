import json

import cairn


def results():
    found = []
    for rank in range(4):
        with open(f"result-{rank}.json") as f:
            found.append(json.load(f))
    return found


def test_every_rank_finishes_and_they_agree():
    for run in cairn.runs:
        assert not run.timed_out and run.returncode == 0, f"{run}: {run.stderr[-500:]}"
    first, *others = results()
    assert all(other == first for other in others), f"the ranks disagree: {results()}"
