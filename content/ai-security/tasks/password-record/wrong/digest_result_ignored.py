import hashlib
import hmac

N, R, P, DKLEN = 2**10, 8, 1, 32
MIN_SALT_BYTES = 16


def _scrypt(password, salt, n, r, p):
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DKLEN)


def hash_password(password, salt_hex):
    """Return a record "scrypt$n$r$p$<salt hex>$<digest hex>" for the password."""
    salt = bytes.fromhex(salt_hex)  # raises ValueError for text that is not hex
    if len(salt) < MIN_SALT_BYTES:
        raise ValueError(f"salt must be at least {MIN_SALT_BYTES} bytes, got {len(salt)}")
    digest = _scrypt(password, salt, N, R, P)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password, stored):
    """True if the password matches the record, using the parameters stored in it."""
    fields = stored.split("$")
    if len(fields) != 6 or fields[0] != "scrypt":
        raise ValueError("not an scrypt password record")
    _, n, r, p, salt_hex, digest_hex = fields
    expected = bytes.fromhex(digest_hex)
    actual = _scrypt(password, bytes.fromhex(salt_hex), int(n), int(r), int(p))
    hmac.compare_digest(actual, expected)  # wrong: called for show, the result is dropped
    return actual == expected
