import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from solution import decrypt, encrypt, rewrap

KEK = bytes(range(32))
NAME = b"runs/llama-ft/step-4000.safetensors"


def test_round_trip():
    envelope = encrypt(KEK, b"weights", NAME)
    assert decrypt(KEK, envelope, NAME) == b"weights"


def test_envelope_layout():
    envelope = encrypt(KEK, b"weights", NAME)
    assert sorted(envelope) == ["ciphertext", "nonce", "wrapped_key"]
    wrapped = envelope["wrapped_key"]
    assert len(wrapped) == 12 + 32 + 16, "wrapped_key is the 12-byte nonce, then AES-GCM of the 32-byte data key"
    dek = AESGCM(KEK).decrypt(wrapped[:12], wrapped[12:], None)
    assert AESGCM(dek).decrypt(envelope["nonce"], envelope["ciphertext"], NAME) == b"weights"


def test_rewrap_then_decrypt_with_the_new_kek():
    new_kek = os.urandom(32)
    envelope = rewrap(KEK, new_kek, encrypt(KEK, b"weights", NAME))
    assert decrypt(new_kek, envelope, NAME) == b"weights"
