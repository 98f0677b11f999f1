import numpy as np
from solution import cluster_sizes, nearest_centroid


def expected_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    distances = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.bincount(distances.argmin(axis=1), minlength=k).tolist()


def test_three_points_two_centroids():
    points = [[0.0, 0.0], [5.0, 5.0], [0.9, 1.2]]
    centroids = [[0.0, 1.0], [4.0, 4.0]]
    assert nearest_centroid(points, centroids) == [0, 1, 0]


def test_generated_data():
    assert cluster_sizes(0, 1_000, 4, 3) == expected_sizes(0, 1_000, 4, 3)
