from solution import gate

PRODUCTION = {"accuracy": 0.912, "p95_ms": 180.0, "slices": {"en": 0.93, "de": 0.90}}


def test_a_better_model_passes():
    candidate = {"accuracy": 0.925, "p95_ms": 175.0, "slices": {"en": 0.94, "de": 0.905}}
    assert gate(candidate, PRODUCTION, min_accuracy=0.9, max_drop=0.005, max_latency_increase=0.1) == []


def test_a_regressed_slice_blocks_the_release():
    candidate = {"accuracy": 0.93, "p95_ms": 170.0, "slices": {"en": 0.95, "de": 0.88}}
    assert gate(candidate, PRODUCTION, 0.9, 0.005, 0.1) == ["slice de regressed"]


def test_several_reasons_sorted():
    candidate = {"accuracy": 0.85, "p95_ms": 250.0, "slices": {"en": 0.93, "de": 0.90}}
    assert gate(candidate, PRODUCTION, 0.9, 0.005, 0.1) == [
        "accuracy below floor",
        "accuracy regressed",
        "latency regressed",
    ]
