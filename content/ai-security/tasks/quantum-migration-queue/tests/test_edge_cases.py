from solution import migration_order


def system(name, use, algorithm, x, y):
    return {"system": name, "use": use, "algorithm": algorithm, "x": x, "y": y}


def raises_value_error(*args):
    try:
        migration_order(*args)
    except ValueError:
        return True
    return False


def test_empty_inventory():
    assert migration_order([], 10) == []


def test_exposure_is_at_most_the_migration_window():
    inv = [system("feed", "key-exchange", "X25519", 20, 4)]
    assert migration_order(inv, 10) == [["feed", 4]], \
        "when z < x all y years of traffic are exposed, not x + y - z"


def test_crqc_today():
    inv = [system("feed", "key-exchange", "DH-2048", 1, 3)]
    assert migration_order(inv, 0) == [["feed", 3]]


def test_equality_is_not_at_risk():
    inv = [system("feed", "key-exchange", "X25519", 8, 4)]
    assert migration_order(inv, 12) == [], "x + y = z exposes nothing"


def test_already_migrated():
    inv = [system("feed", "key-exchange", "X25519", 30, 0)]
    assert migration_order(inv, 5) == [], "y = 0: no more vulnerable traffic will be sent"


def test_hybrids_and_mlkem_are_safe():
    inv = [
        system("gateway", "key-exchange", "X25519MLKEM768", 30, 5),
        system("mesh", "key-exchange", "SecP256r1MLKEM768", 30, 5),
        system("vpn", "key-exchange", "ML-KEM-1024", 30, 5),
        system("lab", "key-exchange", "x25519mlkem768", 30, 5),
        system("old", "key-exchange", "X25519", 30, 5),
    ]
    assert migration_order(inv, 10) == [["old", 5]]


def test_unknown_key_exchange_is_vulnerable():
    inv = [system("legacy", "key-exchange", "ECDHE-brainpoolP256r1", 10, 2)]
    assert migration_order(inv, 11) == [["legacy", 1]]


def test_signatures_and_symmetric_never_listed():
    inv = [
        system("firmware", "signature", "RSA-4096", 50, 10),
        system("tokens", "signature", "ECDSA-P256", 50, 10),
        system("checkpoints", "symmetric", "AES-256", 50, 10),
        system("archive", "symmetric", "AES-128", 50, 10),
    ]
    assert migration_order(inv, 1) == []


def test_order_by_exposure_then_name():
    inv = [
        system("b-feed", "key-exchange", "X25519", 10, 3),
        system("c-feed", "key-exchange", "RSA-2048", 10, 5),
        system("a-feed", "key-exchange", "ECDH-P256", 10, 3),
        system("d-feed", "key-exchange", "X25519", 1, 1),
    ]
    assert migration_order(inv, 10) == [["c-feed", 5], ["a-feed", 3], ["b-feed", 3]]


def test_fractional_years():
    inv = [system("feed", "key-exchange", "X25519", 2.5, 1.5)]
    assert migration_order(inv, 3) == [["feed", 1.0]]


def test_negative_durations_raise_value_error():
    assert raises_value_error([system("feed", "key-exchange", "X25519", -1, 2)], 10)
    assert raises_value_error([system("feed", "key-exchange", "X25519", 5, -2)], 10)
    assert raises_value_error([system("feed", "signature", "Ed25519", -5, 2)], 10), \
        "check every entry, even those that cannot be at risk"
    assert raises_value_error([], -1), "z must not be negative"


def test_unknown_use_raises_value_error():
    assert raises_value_error([system("feed", "encryption", "AES-256", 5, 2)], 10)
