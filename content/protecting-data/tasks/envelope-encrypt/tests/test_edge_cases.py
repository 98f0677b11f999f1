import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from solution import decrypt, encrypt, rewrap

KEK = os.urandom(32)
NAME = b"tenant-7/checkpoints/step-100.pt"


def _unwrap(kek, envelope):
    wrapped = envelope["wrapped_key"]
    return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], None)


def _raises_value_error(call, *args):
    try:
        call(*args)
    except ValueError:
        return True
    return False


def test_each_envelope_has_a_fresh_data_key_and_nonce():
    first, second = encrypt(KEK, b"same", NAME), encrypt(KEK, b"same", NAME)
    assert _unwrap(KEK, first) != _unwrap(KEK, second), "a new data key for every object"
    assert first["nonce"] != second["nonce"]
    assert first["ciphertext"] != second["ciphertext"]


def test_wrapping_nonces_never_repeat_under_the_kek():
    nonces = {encrypt(KEK, b"x", NAME)["wrapped_key"][:12] for _ in range(40)}
    assert len(nonces) == 40, "every wrap under the KEK needs its own random nonce"


def test_context_is_authenticated():
    envelope = encrypt(KEK, b"tenant 7 weights", NAME)
    dek = _unwrap(KEK, envelope)
    try:
        AESGCM(dek).decrypt(envelope["nonce"], envelope["ciphertext"], None)
    except Exception:
        pass
    else:
        raise AssertionError("the context must be passed as associated data")
    assert _raises_value_error(decrypt, KEK, envelope, b"tenant-8/checkpoints/step-100.pt")


def test_wrong_kek_raises_value_error():
    envelope = encrypt(KEK, b"weights", NAME)
    assert _raises_value_error(decrypt, os.urandom(32), envelope, NAME)


def test_tampered_ciphertext_raises_value_error():
    envelope = encrypt(KEK, b"weights", NAME)
    flipped = bytearray(envelope["ciphertext"])
    flipped[0] ^= 1
    assert _raises_value_error(decrypt, KEK, {**envelope, "ciphertext": bytes(flipped)}, NAME)


def test_rewrap_leaves_the_data_alone_and_retires_the_old_kek():
    new_kek = os.urandom(32)
    envelope = encrypt(KEK, b"weights", NAME)
    moved = rewrap(KEK, new_kek, envelope)
    assert moved["nonce"] == envelope["nonce"] and moved["ciphertext"] == envelope["ciphertext"]
    assert _unwrap(new_kek, moved) == _unwrap(KEK, envelope)
    assert _raises_value_error(decrypt, KEK, moved, NAME)


def test_rewrap_with_the_wrong_old_kek_raises_value_error():
    envelope = encrypt(KEK, b"weights", NAME)
    assert _raises_value_error(rewrap, os.urandom(32), os.urandom(32), envelope)


def test_empty_plaintext():
    envelope = encrypt(KEK, b"", NAME)
    assert len(envelope["ciphertext"]) == 16
    assert decrypt(KEK, envelope, NAME) == b""


def test_kek_must_be_256_bits():
    assert _raises_value_error(encrypt, os.urandom(16), b"x", NAME), "AES-256 needs a 32-byte KEK"
