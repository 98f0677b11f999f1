from solution import client_hello, client_key, server_reply


def test_both_sides_derive_the_same_32_byte_key():
    hello = client_hello()
    reply = server_reply(hello["share"])
    key = client_key(hello["private"], reply["share"])
    assert len(key) == 32
    assert key == reply["key"], "client and server must end with the same key"


def test_share_sizes_match_x25519mlkem768():
    hello = client_hello()
    assert len(hello["share"]) == 1184 + 32, "ML-KEM-768 encapsulation key, then X25519 public key"
    assert len(server_reply(hello["share"])["share"]) == 1088 + 32, \
        "ML-KEM-768 ciphertext, then X25519 public key"
