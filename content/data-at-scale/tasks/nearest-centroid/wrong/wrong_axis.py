import numpy as np


def nearest_centroid(points, centroids):
    # Wrong: argmin over axis 0 gives, for each centroid, its nearest point.
    c = np.asarray(centroids, dtype=float)
    p = np.asarray(points, dtype=float).reshape(-1, c.shape[1])
    return ((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=0).tolist()


def cluster_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
