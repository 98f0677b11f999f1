def migration_order(inventory, z):
    """[system, exposed years] for systems at risk, most exposed first."""
    at_risk = []
    for entry in inventory:
        if entry["use"] == "key-exchange" and entry["x"] + entry["y"] > z:
            # TODO: how many years of this system's traffic are exposed?
            # And is every key exchange really vulnerable?
            at_risk.append([entry["system"], entry["x"] + entry["y"] - z])
    return at_risk
