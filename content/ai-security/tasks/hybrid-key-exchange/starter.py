from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"x25519mlkem768 demo"


def client_hello():
    """Fresh key pairs; the private state and the client's key share."""
    x25519 = X25519PrivateKey.generate()
    return {"private": x25519.private_bytes_raw(), "share": x25519.public_key().public_bytes_raw()}


def server_reply(client_share):
    """Encapsulate to the client's ML-KEM key, answer its X25519 key; the key and the share."""
    raise NotImplementedError


def client_key(private, server_share):
    """The client's copy of the key, from its private state and the server's share."""
    raise NotImplementedError
