
import json
import random


def good_file(n=60, seed=0, version=7):
    rng = random.Random(seed)
    names = rng.sample([f"feat_{i:04d}" for i in range(5000)], n)
    doc = {"version": version, "features": [{"name": x, "weight": round(rng.uniform(-3, 3), 4)} for x in names]}
    return json.dumps(doc).encode()


def with_features(features, version=7):
    return json.dumps({"version": version, "features": features}).encode()

from solution import check_feature_file


def test_a_good_file_passes():
    assert check_feature_file(good_file()) == []
    assert check_feature_file(good_file(seed=1), previous=good_file(seed=2)) == []


def test_not_json_is_a_parse_problem():
    assert check_feature_file(b"{not json") == ["parse"]


def test_too_many_features():
    assert check_feature_file(good_file(n=250)) == ["count"]


def test_a_feature_without_weight_breaks_the_schema():
    doc = with_features([{"name": "ua_entropy"}])
    assert check_feature_file(doc) == ["schema"]
