def gate(candidate, production, min_accuracy, max_drop, max_latency_increase):
    """Reasons to refuse promoting `candidate` over `production`; [] means promote."""
    reasons = []
    if candidate["accuracy"] < min_accuracy:
        reasons.append("accuracy below floor")
    return reasons
