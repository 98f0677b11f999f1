import hashlib

from solution import hash_password, verify_password

SALT = "00112233445566778899aabbccddeeff"
PASSWORD = "correct horse battery staple"


def expected_record(password, salt_hex, n=1024, r=8, p=1):
    salt = bytes.fromhex(salt_hex)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def raises_value_error(f, *args):
    try:
        f(*args)
    except ValueError:
        return True
    return False


def test_same_password_different_salts():
    a = hash_password(PASSWORD, "aa" * 16)
    b = hash_password(PASSWORD, "bb" * 16)
    assert a != b, "different salts must give different records"
    assert verify_password(PASSWORD, a) and verify_password(PASSWORD, b)


def test_non_ascii_password_is_utf8():
    assert hash_password("pässwörd-🔑", SALT) == expected_record("pässwörd-🔑", SALT)
    assert verify_password("pässwörd-🔑", hash_password("pässwörd-🔑", SALT)) is True


def test_empty_password_is_hashed_like_any_other():
    record = hash_password("", SALT)
    assert record == expected_record("", SALT)
    assert verify_password("", record) is True
    assert verify_password(" ", record) is False


def test_uppercase_salt_is_stored_lowercase():
    assert hash_password(PASSWORD, SALT.upper()) == expected_record(PASSWORD, SALT)


def test_longer_salt_is_fine():
    salt = "5a" * 32
    assert hash_password(PASSWORD, salt) == expected_record(PASSWORD, salt)


def test_short_salt_raises_value_error():
    assert raises_value_error(hash_password, PASSWORD, "00" * 15), \
        "a 15-byte salt must raise ValueError"


def test_empty_salt_raises_value_error():
    assert raises_value_error(hash_password, PASSWORD, ""), "an empty salt must raise ValueError"


def test_salt_that_is_not_hex_raises_value_error():
    assert raises_value_error(hash_password, PASSWORD, "not hex at all, clearly"), \
        "a salt that is not hex must raise ValueError"


def test_old_parameters_still_verify():
    old = expected_record(PASSWORD, SALT, n=512, r=4, p=2)
    assert verify_password(PASSWORD, old) is True, \
        "use the n, r and p written in the record"
    assert verify_password("wrong", old) is False


def test_tampered_digest_is_rejected():
    record = hash_password(PASSWORD, SALT)
    last = record[-1]
    tampered = record[:-1] + ("0" if last != "0" else "1")
    assert verify_password(PASSWORD, tampered) is False


def test_tampered_salt_is_rejected():
    record = hash_password(PASSWORD, SALT)
    tampered = record.replace(SALT, "ff" + SALT[2:])
    assert verify_password(PASSWORD, tampered) is False


def test_truncated_digest_never_matches():
    record = hash_password(PASSWORD, SALT)
    short = record[: record.rindex("$") + 1] + record[record.rindex("$") + 1:][:8]
    try:
        result = verify_password(PASSWORD, short)
    except ValueError:
        return
    assert result is False, "a digest cut down to 4 bytes must not match"


def test_malformed_records_raise_value_error():
    good = hash_password(PASSWORD, SALT)
    for bad in ["", "plain-text-password", good.replace("scrypt$", "pbkdf2$", 1),
                good + "$extra", "$".join(good.split("$")[:5])]:
        assert raises_value_error(verify_password, PASSWORD, bad), \
            f"{bad[:30]!r}... is not an scrypt record and must raise ValueError"
