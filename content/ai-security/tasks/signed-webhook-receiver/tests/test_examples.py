from solution import sign, verify

KEY = "0f" * 32
BODY = b'{"event": "training.finished", "run": "run-042"}'
SENT = 1735689600


def test_sign_known_value():
    assert sign(KEY, SENT, BODY) == (
        "t=1735689600,"
        "v1=81798312b274c113c37f7cdcf5792a29ecf997b28de6d948f983a9eb204eb836"
    )


def test_fresh_message_verifies():
    assert verify(KEY, sign(KEY, SENT, BODY), BODY, SENT + 100, 300) is True


def test_replay_an_hour_later_fails():
    assert verify(KEY, sign(KEY, SENT, BODY), BODY, SENT + 3600, 300) is False
