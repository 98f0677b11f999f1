import numpy as np


def nearest_centroid(points, centroids):
    # Wrong: np.asarray([]) has shape (0,), not (0, d), so broadcasting fails for no points.
    c = np.asarray(centroids, dtype=float)
    p = np.asarray(points, dtype=float)
    return ((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=1).tolist()


def cluster_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
