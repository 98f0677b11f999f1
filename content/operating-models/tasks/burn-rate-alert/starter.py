HOUR = 3600


def burn_rate(requests, now, window, slo):
    """Error rate over (now - window, now], as a multiple of the rate the SLO allows."""
    recent = [ok for t, ok in requests if t > now - window]
    return recent.count(False) / len(recent)


def evaluate(requests, now, slo):
    """'page', 'ticket' or None for the request log at time `now`."""
    if burn_rate(requests, now, 1 * HOUR, slo) > 14.4:
        return "page"
    return None
