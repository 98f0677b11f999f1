import math

EPSILON = 0.0  # Wrong: 0.90 - 0.88 is 0.020000000000000018


def number(metrics, key):
    value = metrics.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return value


def gate(candidate, production, min_accuracy, max_drop, max_latency_increase):
    """Reasons to refuse promoting `candidate` over `production`; [] means promote."""
    reasons = []
    accuracy = number(candidate, "accuracy")
    current = number(production, "accuracy")
    if accuracy is None:
        reasons.append("accuracy missing")
    else:
        if accuracy < min_accuracy - EPSILON:
            reasons.append("accuracy below floor")
        if current is not None and current - accuracy > max_drop + EPSILON:
            reasons.append("accuracy regressed")
    latency = number(candidate, "p95_ms")
    current_latency = number(production, "p95_ms")
    if latency is None:
        reasons.append("p95_ms missing")
    elif current_latency is not None and latency > current_latency * (1 + max_latency_increase) + EPSILON:
        reasons.append("latency regressed")
    slices = candidate.get("slices", {})
    for name, before in production.get("slices", {}).items():
        after = number(slices, name)
        if after is None:
            reasons.append(f"slice {name} missing")
        elif before - after > max_drop + EPSILON:
            reasons.append(f"slice {name} regressed")
    return sorted(reasons)
