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


def plan(world_size):
    """Files per rank: each file, largest first, goes to the rank with the fewest records."""
    shares = [[] for _ in range(world_size)]
    load = [0] * world_size
    for name in sorted(FILES, key=lambda n: (-FILES[n], n)):
        r = load.index(min(load))
        shares[r].append(name)
        load[r] += FILES[name]
    return shares, load


def records_for(rank, world_size, epoch):
    """Yield the records this rank trains on in this epoch.

    Every rank runs this on its own, with no communication: whole files only, no record
    on two ranks, the same number of records on every rank, little data left out, and
    an order that changes with the epoch.
    """
    shares, load = plan(world_size)
    quota = min(load)                     # every rank stops at the same step
    order = sorted(shares[rank])
    random.Random(f"{SEED}/{epoch}/{rank}").shuffle(order)
    produced = 0
    for name in order:
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
