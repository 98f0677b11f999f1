import numpy as np


def nearest_centroid(points, centroids):
    """Return, for each point, the index of the nearest centroid, as a list of ints.

    points has shape (n, d) and centroids (k, d); distance is Euclidean, and a tie
    goes to the lowest centroid index. Works on lists or NumPy arrays.
    """
    labels = []
    for p in np.asarray(points, dtype=float).tolist():
        best, best_d = 0, float("inf")
        for j, c in enumerate(np.asarray(centroids, dtype=float).tolist()):
            d = sum((a - b) ** 2 for a, b in zip(p, c))
            if d < best_d:
                best, best_d = j, d
        labels.append(best)
    return labels


# Not yours to change: the tests call this to run your function on generated data.
def cluster_sizes(seed, n, d, k):
    """How many of n random points in d dimensions fall nearest to each of k centroids."""
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    return np.bincount(nearest_centroid(points, centroids), minlength=k).tolist()
