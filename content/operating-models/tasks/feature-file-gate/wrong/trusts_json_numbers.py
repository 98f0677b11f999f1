import json
import math

MAX_FEATURES = 200
MAX_BYTES = 64 * 1024
MAX_GROWTH = 1.5


def _is_number(x):
    return isinstance(x, (int, float))


def check_feature_file(data, previous=None):
    """Problems that must stop `data` from being propagated, as a sorted list of codes."""
    problems = set()
    if len(data) > MAX_BYTES:
        problems.add("size")
    if previous is not None and len(data) > MAX_GROWTH * len(previous):
        problems.add("growth")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return sorted(problems | {"parse"})
    if not (
        isinstance(doc, dict)
        and set(doc) == {"version", "features"}
        and isinstance(doc["version"], int)
        and not isinstance(doc["version"], bool)
        and doc["version"] >= 1
        and isinstance(doc["features"], list)
    ):
        return sorted(problems | {"schema"})
    features = doc["features"]
    names = []
    for f in features:
        if not (
            isinstance(f, dict)
            and set(f) == {"name", "weight"}
            and isinstance(f["name"], str)
            and f["name"].strip()
            and _is_number(f["weight"])
        ):
            problems.add("schema")
        elif f["name"] in names:
            problems.add("duplicate")
        else:
            names.append(f["name"])
    if len(features) > MAX_FEATURES:
        problems.add("count")
    return sorted(problems)
