import json
import os
import time
from multiprocessing.connection import Client, Listener

import numpy as np

KEY = b"cairn-data-parallel"
SAMPLES, FEATURES = 1002, 4
BOUNDS = [0, 320, 600, 860, 1002]   # rank r reads rows BOUNDS[r]:BOUNDS[r + 1] (whole files)
STEPS, LR = 20, 0.1


def load_shard(rank):
    """This rank's rows of a generated linear-regression problem (the same seed everywhere)."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(SAMPLES, FEATURES)) * np.array([1.0, 2.0, 0.5, 1.5])
    y = X @ np.array([2.0, -1.0, 0.5, 3.0]) + rng.normal(scale=0.1, size=SAMPLES)
    lo, hi = BOUNDS[rank], BOUNDS[rank + 1]
    return X[lo:hi], y[lo:hi]


class Group:
    """Connections between the ranks: rank 0 holds one per other rank, in rank order."""

    def __init__(self):
        self.rank = int(os.environ["RANK"])
        self.world = int(os.environ["WORLD_SIZE"])
        address = (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]))
        if self.rank == 0:
            self.listener = Listener(address, authkey=KEY)
            by_rank = {}
            for _ in range(self.world - 1):
                connection = self.listener.accept()
                by_rank[connection.recv()] = connection
            self.connections = [by_rank[r] for r in range(1, self.world)]
        else:
            deadline = time.monotonic() + 10
            while True:
                try:
                    connection = Client(address, authkey=KEY)
                    break
                except ConnectionRefusedError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            connection.send(self.rank)
            self.connections = [connection]


def local_gradient_sum(X, y, w):
    """Sum over this shard's rows of the gradient of (x.w - y)^2, and the number of rows."""
    return 2.0 * X.T @ (X @ w - y), len(y)


def allreduce_sum(group, value):
    """The sum of `value` over all ranks, on every rank (through rank 0)."""
    if group.rank == 0:
        total = value + sum(connection.recv() for connection in group.connections)
        for connection in group.connections:
            connection.send(total)
        return total
    group.connections[0].send(value)
    return group.connections[0].recv()


def main():
    group = Group()
    X, y = load_shard(group.rank)
    w = np.zeros(FEATURES)
    history = {"weights": [], "local_sums": [], "local_counts": []}
    for _ in range(STEPS):
        grad_sum, count = local_gradient_sum(X, y, w)
        history["local_sums"].append(np.asarray(grad_sum).tolist())
        history["local_counts"].append(int(count))
        total = allreduce_sum(group, np.append(grad_sum, count))
        w = w - LR * total[:-1] / total[-1]
        history["weights"].append(w.tolist())
    with open(f"rank-{group.rank}.json", "w") as f:
        json.dump(history, f)


if __name__ == "__main__":
    main()
