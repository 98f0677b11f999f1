# Example prices from the lesson (USD). Not any provider's current list.
STORAGE_PER_GB_MONTH = {"standard": 0.023, "infrequent": 0.0125, "archive": 0.002}
RETRIEVAL_PER_GB = {"standard": 0.0, "infrequent": 0.01, "archive": 0.05}


def storage_cost(gb, months, storage_class, reads=0):
    """USD to keep `gb` GB for `months` months and read all of it back `reads` times."""
    # TODO: the minimum storage duration, and invalid arguments.
    return (gb * months * STORAGE_PER_GB_MONTH[storage_class]
            + gb * reads * RETRIEVAL_PER_GB[storage_class])


def cheapest_class(gb, months, reads=0):
    """The name of the cheapest class; on a tie, the one listed first."""
    return "standard"  # TODO
