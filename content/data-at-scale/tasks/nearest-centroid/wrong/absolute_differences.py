import numpy as np


def nearest_centroid(points, centroids):
    # Wrong: sums absolute differences (Manhattan distance) instead of squares.
    c = np.asarray(centroids, dtype=float)
    p = np.asarray(points, dtype=float).reshape(-1, c.shape[1])
    return np.abs(p[:, None, :] - c[None, :, :]).sum(axis=2).argmin(axis=1).tolist()


def cluster_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
