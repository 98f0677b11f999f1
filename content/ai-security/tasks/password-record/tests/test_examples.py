from solution import hash_password, verify_password

SALT = "00112233445566778899aabbccddeeff"
RECORD = (
    "scrypt$1024$8$1$00112233445566778899aabbccddeeff$"
    "90d5b0f52795c0f334d2d2f10c86695e0208f0b01fd14d882913e24be52579a6"
)


def test_record_format():
    assert hash_password("correct horse battery staple", SALT) == RECORD


def test_right_and_wrong_password():
    assert verify_password("correct horse battery staple", RECORD) is True
    assert verify_password("Correct horse battery staple", RECORD) is False
