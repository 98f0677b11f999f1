import json
import os
import time
from multiprocessing.connection import Client, Listener, wait

KEY = b"cairn-batching"
MAX_BATCH = 8        # requests per forward pass, at most
MAX_WAIT = 0.05      # seconds the first request of a batch may wait
PER_CLIENT = 10      # requests each client sends


def model(inputs):
    """One forward pass over a batch: 20 ms, whatever its size (given)."""
    time.sleep(0.02)
    return [2 * x for x in inputs]


def connect(address, seconds=5.0):
    """A connection to the server, retried while it is not listening yet (given)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return Client(address, authkey=KEY)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def client(rank, address):
    """Send PER_CLIENT requests at once, then collect the replies (given)."""
    connection = connect(address)
    inputs = [rank * 100 + i for i in range(PER_CLIENT)]
    for i, x in enumerate(inputs):
        connection.send((i, x))
    replies = {}
    while len(replies) < PER_CLIENT:
        i, y = connection.recv()
        replies[i] = y
    connection.close()
    with open(f"result-{rank}.json", "w") as f:
        json.dump([replies[i] for i in range(PER_CLIENT)], f)


def serve(connections, total):
    """Answer `total` requests arriving on `connections` in dynamic batches.

    A request is a message `(i, x)`; its reply, on the same connection, is `(i, model([x])[0])`
    computed in a batch. Returns one record per batch: {"size": n, "waited": seconds the
    batch's first request waited before the model ran}.
    """
    live = list(connections)   # a client closes its connection after its last reply
    pending = []   # (connection, i, x, arrival time), oldest first
    batches, answered = [], 0
    while answered < total:
        now = time.monotonic()
        if len(pending) >= MAX_BATCH:
            batch, pending = pending[:MAX_BATCH], pending[MAX_BATCH:]
            batches.append({"size": len(batch), "waited": time.monotonic() - batch[0][3]})
            outputs = model([x for _, _, x, _ in batch])
            for (connection, i, _, _), y in zip(batch, outputs):
                connection.send((i, y))
            answered += len(batch)
            continue
        timeout = None
        for connection in wait(live, timeout):
            try:
                i, x = connection.recv()
            except EOFError:
                live.remove(connection)
                continue
            pending.append((connection, i, x, time.monotonic()))
    return batches


def main():
    rank = int(os.environ["RANK"])
    world = int(os.environ["WORLD_SIZE"])
    address = (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]))
    if rank == 0:
        with Listener(address, authkey=KEY) as listener:
            connections = [listener.accept() for _ in range(world - 1)]
            batches = serve(connections, (world - 1) * PER_CLIENT)
        with open("batches.json", "w") as f:
            json.dump(batches, f)
    else:
        client(rank, address)


if __name__ == "__main__":
    main()
