
import json
import random


def good_file(n=60, seed=0, version=7):
    generator = random.Random(seed)
    names = generator.sample([f"feat_{i:04d}" for i in range(5000)], n)
    doc = {"version": version, "features": [{"name": x, "weight": round(generator.uniform(-3, 3), 4)} for x in names]}
    return json.dumps(doc).encode()


def with_features(features, version=7):
    return json.dumps({"version": version, "features": features}).encode()

from solution import check_feature_file


def test_every_row_twice_is_caught_before_the_count_limit():
    good = good_file(n=60, seed=3)
    rows = json.loads(good)["features"]
    doubled = with_features(rows + rows)              # 120 features: under the limit
    assert check_feature_file(doubled, previous=good) == ["duplicate", "growth"]


def test_doubled_past_the_limit_reports_everything():
    good = good_file(n=150, seed=4)
    rows = json.loads(good)["features"]
    assert check_feature_file(with_features(rows + rows), previous=good) == ["count", "duplicate", "growth"]


def test_exactly_at_the_limit_is_allowed():
    assert check_feature_file(good_file(n=200, seed=5)) == []
    assert check_feature_file(good_file(n=201, seed=5)) == ["count"]


def test_size_is_counted_in_bytes():
    # 300-character names of "é" are 600 bytes each: 120 features make about 74,000 bytes
    # but only about 38,000 characters
    features = [{"name": "é" * 299 + chr(0x100 + i), "weight": 1.0} for i in range(120)]
    data = json.dumps({"version": 1, "features": features}, ensure_ascii=False).encode("utf-8")
    assert len(data) > 65_536 > len(data.decode("utf-8"))
    assert check_feature_file(data) == ["size"]


def test_weights_must_be_finite_numbers_not_booleans():
    for weight in ("NaN", "Infinity", "-Infinity", "true", '"0.5"', "null"):
        data = ('{"version": 3, "features": [{"name": "a", "weight": ' + weight + "}]}").encode()
        assert check_feature_file(data) == ["schema"], weight


def test_the_top_level_shape():
    for data in (b"[]", b'{"features": []}', b'{"version": true, "features": []}',
                 b'{"version": 0, "features": []}', b'{"version": 2, "features": {}}',
                 b'{"version": 2, "features": [], "extra": 1}'):
        assert check_feature_file(data) == ["schema"], data


def test_feature_names_must_be_real_strings():
    for bad in ({"name": "", "weight": 1}, {"name": "   ", "weight": 1}, {"name": 5, "weight": 1},
                {"name": "a", "weight": 1, "enabled": True}, ["a", 1]):
        assert check_feature_file(with_features([{"name": "ok", "weight": 0.5}, bad])) == ["schema"], bad


def test_bytes_that_are_not_utf8_or_not_json_never_raise():
    assert check_feature_file(b"\xff\xfe\x00garbage") == ["parse"]
    assert check_feature_file(b"") == ["parse"]
    assert check_feature_file(b"x" * 70_000, previous=b"{}" * 100) == ["growth", "parse", "size"]


def test_growth_compares_with_the_previous_file():
    small, big = good_file(n=40, seed=6), good_file(n=100, seed=6)
    assert check_feature_file(big, previous=small) == ["growth"]
    assert check_feature_file(small, previous=big) == []
    assert check_feature_file(big) == []
