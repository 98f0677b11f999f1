from solution import sign, verify

KEY = "0f" * 32
OLD_KEY = "a1" * 32
BODY = b'{"event": "training.finished", "run": "run-042"}'
SENT = 1735689600
HEADER = sign(KEY, SENT, BODY)
SIG = HEADER.split("v1=")[1]


def raises_value_error(f, *args):
    try:
        f(*args)
    except ValueError:
        return True
    return False


def test_empty_body():
    header = sign(OLD_KEY, SENT, b"")
    assert header == "t=1735689600,v1=915f42cb8297da081c9582cdae9714acff8b6664e8f9a67f0bdb89dcae31bfca"
    assert verify(OLD_KEY, header, b"", SENT, 300) is True


def test_tampered_body():
    assert verify(KEY, HEADER, BODY.replace(b"042", b"043"), SENT, 300) is False


def test_tampered_timestamp():
    forged = f"t={SENT + 3600},v1={SIG}"
    assert verify(KEY, forged, BODY, SENT + 3600, 300) is False, \
        "a fresh t with an old signature must fail: the timestamp is signed too"


def test_wrong_key():
    assert verify(OLD_KEY, HEADER, BODY, SENT, 300) is False


def test_tolerance_boundary_is_inclusive():
    assert verify(KEY, HEADER, BODY, SENT + 300, 300) is True, "exactly 300 s old is still accepted"
    assert verify(KEY, HEADER, BODY, SENT + 301, 300) is False


def test_float_now():
    assert verify(KEY, HEADER, BODY, SENT + 299.5, 300) is True
    assert verify(KEY, HEADER, BODY, SENT + 300.5, 300) is False


def test_timestamp_from_the_future():
    assert verify(KEY, HEADER, BODY, SENT - 301, 300) is False, \
        "a timestamp too far in the future is rejected as well"
    assert verify(KEY, HEADER, BODY, SENT - 30, 300) is True, "small clock skew is fine"


def test_zero_tolerance():
    assert verify(KEY, HEADER, BODY, SENT, 0) is True
    assert verify(KEY, HEADER, BODY, SENT + 1, 0) is False


def test_key_rotation_two_signatures():
    old_sig = sign(OLD_KEY, SENT, BODY).split("v1=")[1]
    header = f"t={SENT},v1={old_sig},v1={SIG}"
    assert verify(KEY, header, BODY, SENT, 300) is True, "one matching v1 is enough"
    assert verify(OLD_KEY, header, BODY, SENT, 300) is True


def test_items_in_any_order_and_unknown_items_ignored():
    assert verify(KEY, f"v0=deadbeef,v1={SIG},t={SENT}", BODY, SENT, 300) is True


def test_malformed_headers_return_false():
    bad_headers = [
        "",
        SIG,
        f"t={SENT}",
        f"v1={SIG}",
        f"t={SENT},t={SENT},v1={SIG}",
        f"t=,v1={SIG}",
        f"t=1735689600.0,v1={SIG}",
        f"t=-1,v1={SIG}",
        f"t={SENT},v1={SIG},garbage",
        f"t={SENT},v1=",
        f"t={SENT},v1={SIG.upper()}",
        f"t={SENT},v1=ünïcödé",
    ]
    for header in bad_headers:
        try:
            result = verify(KEY, header, BODY, SENT, 300)
        except Exception as e:
            raise AssertionError(f"verify raised {type(e).__name__} for header {header!r}")
        assert result is False, f"header {header!r} must be rejected"


def test_short_key_raises_value_error():
    assert raises_value_error(sign, "0f" * 31, SENT, BODY), "a 31-byte key must raise ValueError"
    assert raises_value_error(verify, "0f" * 16, HEADER, BODY, SENT, 300)
    assert raises_value_error(sign, "", SENT, BODY), "an empty key must raise ValueError"


def test_negative_tolerance_raises_value_error():
    assert raises_value_error(verify, KEY, HEADER, BODY, SENT, -1)
