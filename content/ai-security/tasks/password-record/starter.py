import hashlib
import hmac

N, R, P, DKLEN = 2**10, 8, 1, 32


def hash_password(password, salt_hex):
    """Return a record "scrypt$n$r$p$<salt hex>$<digest hex>" for the password."""
    salt = bytes.fromhex(salt_hex)
    # TODO: a fast hash is the mistake this lesson is about; use hashlib.scrypt instead,
    # and refuse salts shorter than 16 bytes.
    digest = hashlib.sha256(salt + password.encode("utf-8")).digest()
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password, stored):
    """True if the password matches the record, using the parameters stored in it."""
    # TODO: split the record, recompute the digest, compare in constant time.
    return False
