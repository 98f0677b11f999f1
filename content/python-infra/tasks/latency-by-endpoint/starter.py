def mean_by_endpoint(lines):
    """Return {endpoint: mean latency in ms} for lines like "/embed,81.5\n".

    Read `lines` once, keeping running totals only. Skip blank lines; raise
    ValueError for a malformed line or a latency that is not a finite number >= 0.
    """
    totals = {}
    counts = {}
    for line in lines:
        # TODO: split and check the line, then update totals and counts
        pass
    return {}
