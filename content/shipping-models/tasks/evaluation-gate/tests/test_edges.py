from solution import gate

PRODUCTION = {"accuracy": 0.90, "p95_ms": 200.0, "slices": {"en": 0.92, "fr": 0.88, "ja": 0.85}}


def candidate(**changes):
    base = {"accuracy": 0.91, "p95_ms": 190.0, "slices": {"en": 0.92, "fr": 0.88, "ja": 0.86}}
    base.update(changes)
    return base


def test_a_drop_of_exactly_the_allowance_passes():
    assert gate(candidate(accuracy=0.88), PRODUCTION, 0.85, 0.02, 0.1) == []


def test_latency_exactly_at_the_limit_passes():
    assert gate(candidate(p95_ms=220.0), PRODUCTION, 0.85, 0.02, 0.1) == []
    assert gate(candidate(p95_ms=220.5), PRODUCTION, 0.85, 0.02, 0.1) == ["latency regressed"]


def test_floor_exactly_met_passes():
    assert gate(candidate(accuracy=0.9), PRODUCTION, 0.9, 0.02, 0.1) == []


def test_nan_accuracy_never_passes():
    assert gate(candidate(accuracy=float("nan")), PRODUCTION, 0.85, 0.02, 0.1) == ["accuracy missing"]


def test_missing_metrics_never_pass():
    c = candidate()
    del c["accuracy"], c["p95_ms"]
    assert gate(c, PRODUCTION, 0.85, 0.02, 0.1) == ["accuracy missing", "p95_ms missing"]


def test_a_slice_the_candidate_did_not_measure():
    c = candidate(slices={"en": 0.95, "fr": 0.9})
    assert gate(c, PRODUCTION, 0.85, 0.02, 0.1) == ["slice ja missing"]


def test_a_nan_slice_counts_as_missing():
    c = candidate(slices={"en": 0.95, "fr": float("nan"), "ja": 0.9})
    assert gate(c, PRODUCTION, 0.85, 0.02, 0.1) == ["slice fr missing"]


def test_new_slices_in_the_candidate_are_fine():
    c = candidate(slices={"en": 0.95, "fr": 0.9, "ja": 0.9, "pt": 0.5})
    assert gate(c, PRODUCTION, 0.85, 0.02, 0.1) == []


def test_first_model_has_no_production_to_compare():
    c = candidate()
    assert gate(c, {}, 0.85, 0.02, 0.1) == []
    assert gate(candidate(accuracy=0.8), {}, 0.85, 0.02, 0.1) == ["accuracy below floor"]


def test_every_slice_is_reported():
    c = candidate(slices={"en": 0.80, "fr": 0.80, "ja": 0.80})
    assert gate(c, PRODUCTION, 0.85, 0.02, 0.1) == [
        "slice en regressed", "slice fr regressed", "slice ja regressed",
    ]


def test_inputs_are_left_alone():
    c = candidate()
    p = {"accuracy": 0.90, "p95_ms": 200.0, "slices": {"en": 0.92, "fr": 0.88, "ja": 0.85}}
    gate(c, p, 0.85, 0.02, 0.1)
    assert p == PRODUCTION and c == candidate()


def test_reasons_sorted_whatever_the_slice_order():
    production = {"accuracy": 0.9, "p95_ms": 100.0, "slices": {"ja": 0.9, "de": 0.9, "en": 0.9}}
    c = {"accuracy": 0.95, "p95_ms": 90.0, "slices": {"ja": 0.5, "de": 0.5}}
    assert gate(c, production, 0.85, 0.02, 0.1) == [
        "slice de regressed", "slice en missing", "slice ja regressed",
    ]
