import cairn
import numpy as np
from solution import cluster_sizes, nearest_centroid


def expected_sizes(seed, n, d, k):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d))
    centroids = rng.normal(size=(k, d))
    distances = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.bincount(distances.argmin(axis=1), minlength=k).tolist()


def test_three_hundred_thousand_points_within_the_cpu_budget():
    assert cluster_sizes(7, 300_000, 2, 3) == expected_sizes(7, 300_000, 2, 3)
    used = cairn.last_call.cpu_seconds
    assert used < 0.35, f"{used:.2f} s of CPU for 300,000 points: a Python loop over the points is still running"


def test_no_python_loop_over_the_points():
    assert cairn.loops("nearest_centroid") == 0, (
        "let broadcasting compare every point with every centroid: no Python loop or comprehension"
    )


def test_many_dimensions_and_centroids():
    assert cluster_sizes(3, 2_000, 32, 10) == expected_sizes(3, 2_000, 32, 10)


def test_one_centroid():
    assert nearest_centroid([[1.0, 2.0], [-3.0, 0.5]], [[9.0, 9.0]]) == [0, 0]


def test_a_tie_goes_to_the_lowest_index():
    assert nearest_centroid([[0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]) == [0]


def test_squared_distance_not_the_sum_of_absolute_differences():
    # |dx| + |dy| says the second centroid (3.0) is nearer than the first (3.2);
    # Euclidean distance says the first (about 2.26) is nearer than the second (3.0).
    assert nearest_centroid([[0.0, 0.0]], [[1.6, 1.6], [3.0, 0.0]]) == [0]


def test_no_points():
    assert nearest_centroid(np.zeros((0, 3)).tolist(), [[0.0, 0.0, 0.0]]) == []
