import json

SIZES = [9000, 7000, 5200, 4100, 3000, 2600, 2000, 1500, 1200, 900, 700, 400, 300, 100]
FILES = {f"shard-{i:02d}": rows for i, rows in enumerate(SIZES)}
TOTAL = sum(SIZES)


def records(rank, epoch):
    with open(f"rank-{rank}-epoch-{epoch}.json") as f:
        return json.load(f)


def valid(record):
    name, _, index = str(record).partition(":")
    return name in FILES and index.isdigit() and int(index) < FILES[name]


def test_records_are_real_and_never_read_twice():
    for epoch in (0, 1):
        seen = set()
        for rank in range(4):
            mine = records(rank, epoch)
            assert all(valid(r) for r in mine), f"rank {rank} read records that do not exist"
            twice = seen.intersection(mine)
            assert not twice and len(set(mine)) == len(mine), (
                f"epoch {epoch}: {len(twice)} records also read by another rank"
            )
            seen.update(mine)


def test_each_file_is_read_by_one_rank():
    for epoch in (0, 1):
        owner = {}
        for rank in range(4):
            for record in records(rank, epoch):
                name = str(record).partition(":")[0]
                assert owner.setdefault(name, rank) == rank, (
                    f"epoch {epoch}: {name} is split between ranks {owner[name]} and {rank}; "
                    "shard whole files, so each file is read once"
                )


def test_little_data_is_left_out():
    for epoch in (0, 1):
        kept = sum(len(records(rank, epoch)) for rank in range(4))
        assert kept >= 0.95 * TOTAL, (
            f"epoch {epoch}: {kept} of {TOTAL} records used ({1 - kept / TOTAL:.0%} left out)"
        )


def test_the_order_changes_with_the_epoch():
    for rank in range(4):
        assert records(rank, 0) != records(rank, 1), f"rank {rank} reads the same order every epoch"
