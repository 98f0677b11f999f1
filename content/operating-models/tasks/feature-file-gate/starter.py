import json

MAX_FEATURES = 200
MAX_BYTES = 64 * 1024
MAX_GROWTH = 1.5


def check_feature_file(data, previous=None):
    """Problems that must stop `data` from being propagated, as a sorted list of codes."""
    doc = json.loads(data)
    if len(doc["features"]) > MAX_FEATURES:
        return ["count"]
    return []
