import numpy as np


def nearest_centroid(points, centroids):
    # Wrong for this exercise: NumPy per point, but a Python loop over every point.
    c = np.asarray(centroids, dtype=float)
    return [int(((c - p) ** 2).sum(axis=1).argmin()) for p in np.asarray(points, dtype=float)]


def cluster_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
