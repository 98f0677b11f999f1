import numpy as np


def embeddings(seed, n, d=32):
    """n random vectors, of which about 2 % are near-copies of another one."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    copies = rng.choice(n, size=n // 50, replace=False)
    x[copies] = x[rng.integers(0, n, size=copies.size)] + rng.normal(scale=0.05, size=(copies.size, d))
    return x


def normalise(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def count_near_duplicates(x, threshold=0.95, block=256):
    # Wrong: blocks, but counts every pair twice, (i, j) and (j, i), and each row with itself.
    x = np.asarray(x, dtype=float)
    pairs = 0
    for start in range(0, len(x), block):
        pairs += int((x[start:start + block] @ x.T > threshold).sum())
    return pairs


def main(seed, n):
    """The number of near-duplicate pairs among n generated embeddings."""
    x = normalise(embeddings(seed, n))
    return count_near_duplicates(x)
