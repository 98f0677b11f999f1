import numpy as np


def nearest_centroid(points, centroids):
    """Return, for each point, the index of the nearest centroid, as a list of ints.

    points has shape (n, d) and centroids (k, d); distance is Euclidean, and a tie
    goes to the lowest centroid index. Works on lists or NumPy arrays.
    """
    c = np.asarray(centroids, dtype=float)
    p = np.asarray(points, dtype=float).reshape(-1, c.shape[1])
    diff = p[:, None, :] - c[None, :, :]            # (n, 1, d) - (1, k, d) -> (n, k, d)
    return (diff ** 2).sum(axis=2).argmin(axis=1).tolist()


# Not yours to change: the tests call this to run your function on generated data.
def cluster_sizes(seed, n, d, k):
    """How many of n random points in d dimensions fall nearest to each of k centroids."""
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
