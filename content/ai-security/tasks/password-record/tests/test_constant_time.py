import cairn


def test_compares_in_constant_time():
    used = cairn.calls()
    assert used & {"hmac.compare_digest", "secrets.compare_digest"}, (
        "compare with hmac.compare_digest: == stops at the first byte that differs, "
        "so its timing tells an attacker how much of a guess was right"
    )
