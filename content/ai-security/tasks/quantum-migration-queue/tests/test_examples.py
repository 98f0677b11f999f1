from solution import migration_order


def system(name, use, algorithm, x, y):
    return {"system": name, "use": use, "algorithm": algorithm, "x": x, "y": y}


def test_lesson_inventory():
    inventory = [
        system("public inference API", "key-exchange", "X25519", 1, 1),
        system("patient-data ingestion", "key-exchange", "X25519", 15, 3),
        system("partner data feed", "key-exchange", "RSA-2048", 10, 4),
        system("model signing", "signature", "Ed25519", 30, 5),
    ]
    assert migration_order(inventory, 12) == [
        ["patient-data ingestion", 3],
        ["partner data feed", 2],
    ]
