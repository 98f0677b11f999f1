import json
import os
import random

SEED = 1234
EPOCHS = 2
# The data set: 14 files of very different sizes (name -> number of records).
FILES = {f"shard-{i:02d}": rows for i, rows in enumerate(
    [9000, 7000, 5200, 4100, 3000, 2600, 2000, 1500, 1200, 900, 700, 400, 300, 100])}


def read_file(name):
    """Stream one file's records, in order (here: generated ids such as "shard-03:17")."""
    for i in range(FILES[name]):
        yield f"{name}:{i}"


def records_for(rank, world_size, epoch):
    # Wrong: every rank gets the same number of files, not of records. With files of
    # very different sizes the smallest share sets the quota and 37 % is left out.
    names = sorted(FILES)
    quota = min(sum(FILES[n] for n in names[r::world_size]) for r in range(world_size))
    mine = names[rank::world_size]
    random.Random(f"{SEED}/{epoch}/{rank}").shuffle(mine)
    produced = 0
    for name in mine:
        for record in read_file(name):
            if produced == quota:
                return
            yield record
            produced += 1


def main():
    rank = int(os.environ["RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    for epoch in range(EPOCHS):
        records = list(records_for(rank, world_size, epoch))
        with open(f"rank-{rank}-epoch-{epoch}.json", "w") as f:
            json.dump(records, f)


if __name__ == "__main__":
    main()
