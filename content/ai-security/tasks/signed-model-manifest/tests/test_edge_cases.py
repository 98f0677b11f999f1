import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from solution import sign_model, verify_model

KEY = Ed25519PrivateKey.generate()
PRIVATE = KEY.private_bytes_raw()
PUBLIC = KEY.public_key().public_bytes_raw()
FILES = {
    "config.json": b'{"hidden_size": 64}',
    "tokenizer.json": b'{"vocab": {"a": 0}}',
    "model-00001-of-00002.safetensors": b"\x00" * 3000,
    "model-00002-of-00002.safetensors": b"\x07" * 3000,
}


def _refused(public_key, bundle, files):
    try:
        verify_model(public_key, bundle, files)
    except ValueError:
        return True
    return False


def test_signed_by_another_key_is_refused():
    other = Ed25519PrivateKey.generate().private_bytes_raw()
    assert _refused(PUBLIC, sign_model(other, FILES), FILES)


def test_manifest_edited_after_signing_is_refused():
    bundle = sign_model(PRIVATE, FILES)
    forged = {**FILES, "tokenizer.json": b'{"vocab": {"evil": 0}}'}
    evil_manifest = sign_model(Ed25519PrivateKey.generate().private_bytes_raw(), forged)["manifest"]
    assert _refused(PUBLIC, {"manifest": evil_manifest, "signature": bundle["signature"]}, forged)


def test_an_added_file_is_refused():
    bundle = sign_model(PRIVATE, FILES)
    assert _refused(PUBLIC, bundle, {**FILES, "extra.pkl": b"cos\nsystem\n(S'id'\ntR."}), \
        "a file that the manifest does not list must not be loaded"


def test_a_missing_file_is_refused():
    bundle = sign_model(PRIVATE, FILES)
    partial = {k: v for k, v in FILES.items() if k != "model-00002-of-00002.safetensors"}
    assert _refused(PUBLIC, bundle, partial)


def test_swapped_shards_are_refused():
    bundle = sign_model(PRIVATE, FILES)
    swapped = {**FILES,
               "model-00001-of-00002.safetensors": FILES["model-00002-of-00002.safetensors"],
               "model-00002-of-00002.safetensors": FILES["model-00001-of-00002.safetensors"]}
    assert _refused(PUBLIC, bundle, swapped)


def test_signing_is_deterministic_and_canonical():
    reordered = dict(reversed(list(FILES.items())))
    assert sign_model(PRIVATE, FILES) == sign_model(PRIVATE, reordered)
    assert json.loads(sign_model(PRIVATE, FILES)["manifest"])["files"].keys() == FILES.keys()


def test_empty_model():
    bundle = sign_model(PRIVATE, {})
    assert verify_model(PUBLIC, bundle, {}) == []
