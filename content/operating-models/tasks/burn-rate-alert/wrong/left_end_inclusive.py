HOUR = 3600

# (long window, short window, burn-rate threshold, what to do), most urgent first
RULES = [
    (1 * HOUR, 5 * 60, 14.4, "page"),
    (6 * HOUR, 30 * 60, 6.0, "page"),
    (72 * HOUR, 6 * HOUR, 1.0, "ticket"),
]


def burn_rate(requests, now, window, slo):
    """Error rate over (now - window, now], as a multiple of the rate the SLO allows."""
    total = bad = 0
    for t, ok in requests:
        if now - window <= t <= now:
            total += 1
            bad += not ok
    if total == 0:
        return 0.0
    return (bad / total) / (1 - slo)


def evaluate(requests, now, slo):
    """'page', 'ticket' or None for the request log at time `now`."""
    for long_window, short_window, threshold, action in RULES:
        if (burn_rate(requests, now, long_window, slo) > threshold
                and burn_rate(requests, now, short_window, slo) > threshold):
            return action
    return None
