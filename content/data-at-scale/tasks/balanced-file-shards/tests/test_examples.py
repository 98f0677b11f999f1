import json

import cairn


def records(rank, epoch):
    with open(f"rank-{rank}-epoch-{epoch}.json") as f:
        return json.load(f)


def test_every_rank_finishes():
    for run in cairn.runs:
        assert not run.timed_out and run.returncode == 0, f"{run}: {run.stderr[-500:]}"
    assert [run.rank for run in cairn.runs] == [0, 1, 2, 3]


def test_every_rank_takes_the_same_number_of_steps():
    for epoch in (0, 1):
        counts = [len(records(rank, epoch)) for rank in range(4)]
        assert len(set(counts)) == 1, f"epoch {epoch}: records per rank {counts}"
