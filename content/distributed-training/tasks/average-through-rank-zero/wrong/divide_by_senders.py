import json
import os
import time
from multiprocessing.connection import Client, Listener

KEY = b"cairn-allreduce"


def local_gradient(rank):
    """The gradient this rank computed on its own shard of the batch."""
    return [float(rank + 1), 2.0 * (rank + 1), -0.5 * rank]


def connect(address, seconds=5.0):
    """A connection to rank 0, retried while it is not listening yet."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return Client(address, authkey=KEY)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main():
    rank = int(os.environ["RANK"])
    world = int(os.environ["WORLD_SIZE"])
    address = (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]))
    gradient = local_gradient(rank)
    if rank == 0:
        with Listener(address, authkey=KEY) as listener:
            connections = [listener.accept() for _ in range(world - 1)]
            # Wrong: divides by the number of ranks that sent a gradient (3), not by the
            # world size (4), although rank 0's own gradient is in the sum.
            gradients = [gradient] + [c.recv() for c in connections]
            result = [sum(values) / len(connections) for values in zip(*gradients)]
            for connection in connections:
                connection.send(result)
                connection.close()
    else:
        connection = connect(address)
        connection.send(gradient)
        result = connection.recv()
        connection.close()
    with open(f"result-{rank}.json", "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
