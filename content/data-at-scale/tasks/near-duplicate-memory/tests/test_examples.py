import numpy as np
from solution import count_near_duplicates, main


def test_three_vectors():
    # Rows 0 and 1 point the same way; row 2 is at right angles to both.
    assert count_near_duplicates([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]) == 1


def test_five_hundred_embeddings():
    # The same embeddings as the program's, counted the straightforward way.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 32))
    copies = rng.choice(500, size=10, replace=False)
    x[copies] = x[rng.integers(0, 500, size=copies.size)] + rng.normal(scale=0.05, size=(copies.size, 32))
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    assert main(0, 500) == int(np.triu(x @ x.T > 0.95, k=1).sum())
