import hashlib
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from solution import sign_model, verify_model

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PRIVATE = KEY.private_bytes_raw()
PUBLIC = KEY.public_key().public_bytes_raw()
FILES = {"config.json": b'{"hidden_size": 64}', "model.safetensors": bytes(4096)}


def test_manifest_lists_every_file_with_its_digest():
    bundle = sign_model(PRIVATE, FILES)
    assert bundle["manifest"] == (
        b'{"files":{"config.json":"' + hashlib.sha256(FILES["config.json"]).hexdigest().encode()
        + b'","model.safetensors":"' + hashlib.sha256(FILES["model.safetensors"]).hexdigest().encode()
        + b'"}}'
    )
    KEY.public_key().verify(bundle["signature"], bundle["manifest"])


def test_untouched_model_verifies():
    assert verify_model(PUBLIC, sign_model(PRIVATE, FILES), FILES) == ["config.json", "model.safetensors"]


def test_changed_weights_are_refused():
    bundle = sign_model(PRIVATE, FILES)
    changed = {**FILES, "model.safetensors": b"\x01" + bytes(4095)}
    try:
        verify_model(PUBLIC, bundle, changed)
    except ValueError:
        pass
    else:
        raise AssertionError("a file that does not match its digest must raise ValueError")
