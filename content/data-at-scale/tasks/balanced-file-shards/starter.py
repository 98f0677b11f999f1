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
    """Yield the records this rank trains on in this epoch.

    Every rank runs this on its own, with no communication: whole files only, no record
    on two ranks, the same number of records on every rank, little data left out, and
    an order that changes with the epoch.
    """
    names = sorted(FILES)
    for name in names[rank::world_size]:  # TODO: balance by size, shuffle, equal counts
        yield from read_file(name)


def main():
    rank = int(os.environ["RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    for epoch in range(EPOCHS):
        records = list(records_for(rank, world_size, epoch))
        with open(f"rank-{rank}-epoch-{epoch}.json", "w") as f:
            json.dump(records, f)


if __name__ == "__main__":
    main()
