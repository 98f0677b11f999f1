import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt(kek, plaintext, context):
    """Encrypt plaintext under a fresh data key wrapped with kek."""
    dek = AESGCM.generate_key(bit_length=256)
    # Wrap dek under kek, then encrypt the plaintext under dek.
    raise NotImplementedError


def decrypt(kek, envelope, context):
    """Return the plaintext, or raise ValueError if anything does not authenticate."""
    raise NotImplementedError


def rewrap(old_kek, new_kek, envelope):
    """Return the envelope with its data key wrapped under new_kek; the data is untouched."""
    raise NotImplementedError
