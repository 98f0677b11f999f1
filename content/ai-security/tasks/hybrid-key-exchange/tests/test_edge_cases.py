from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from solution import client_hello, client_key, server_reply

INFO = b"x25519mlkem768 demo"


def _expected(mlkem_secret, x25519_secret):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(
        mlkem_secret + x25519_secret)


def _raises_value_error(call, *args):
    try:
        call(*args)
    except ValueError:
        return True
    return False


def test_server_key_uses_both_secrets_mlkem_first():
    mlkem, x25519 = MLKEM768PrivateKey.generate(), X25519PrivateKey.generate()
    share = mlkem.public_key().public_bytes_raw() + x25519.public_key().public_bytes_raw()
    reply = server_reply(share)
    mlkem_secret = mlkem.decapsulate(reply["share"][:1088])
    x25519_secret = x25519.exchange(X25519PublicKey.from_public_bytes(reply["share"][1088:]))
    assert reply["key"] == _expected(mlkem_secret, x25519_secret)


def test_client_key_uses_both_secrets_mlkem_first():
    hello = client_hello()
    mlkem_secret, ciphertext = MLKEM768PublicKey.from_public_bytes(hello["share"][:1184]).encapsulate()
    x25519 = X25519PrivateKey.generate()
    x25519_secret = x25519.exchange(X25519PublicKey.from_public_bytes(hello["share"][1184:]))
    key = client_key(hello["private"], ciphertext + x25519.public_key().public_bytes_raw())
    assert key == _expected(mlkem_secret, x25519_secret)


def test_key_depends_on_the_x25519_half():
    hello = client_hello()
    reply = server_reply(hello["share"])
    other = X25519PrivateKey.generate().public_key().public_bytes_raw()
    assert client_key(hello["private"], reply["share"][:1088] + other) != reply["key"], \
        "a different X25519 share must change the key"


def test_key_depends_on_the_mlkem_half():
    hello = client_hello()
    reply = server_reply(hello["share"])
    _, ciphertext = MLKEM768PublicKey.from_public_bytes(hello["share"][:1184]).encapsulate()
    assert client_key(hello["private"], ciphertext + reply["share"][1088:]) != reply["key"], \
        "a different ML-KEM ciphertext must change the key"


def test_a_tampered_ciphertext_gives_another_key_not_an_error():
    hello = client_hello()
    reply = server_reply(hello["share"])
    tampered = bytearray(reply["share"])
    tampered[100] ^= 1
    assert client_key(hello["private"], bytes(tampered)) != reply["key"]


def test_every_hello_uses_fresh_keys():
    first, second = client_hello(), client_hello()
    assert first["share"][:1184] != second["share"][:1184]
    assert first["share"][1184:] != second["share"][1184:]


def test_every_reply_uses_fresh_keys():
    hello = client_hello()
    first, second = server_reply(hello["share"]), server_reply(hello["share"])
    assert first["share"][1088:] != second["share"][1088:], "a fresh X25519 key per reply"
    assert first["key"] != second["key"]


def test_wrong_share_sizes_raise_value_error():
    hello = client_hello()
    assert _raises_value_error(server_reply, hello["share"][1184:]), "an X25519-only share"
    assert _raises_value_error(server_reply, hello["share"] + b"\0")
    reply = server_reply(hello["share"])
    assert _raises_value_error(client_key, hello["private"], reply["share"][1088:])


def test_an_all_zero_x25519_key_is_refused():
    hello = client_hello()
    assert _raises_value_error(server_reply, hello["share"][:1184] + bytes(32))
