from solution import find_secrets

PATTERNS = {
    "github-token": r"\bghp_[A-Za-z0-9]{36}\b",
    "aws-access-key-id": r"\bAKIA[0-9A-Z]{16}\b",  # a narrow pattern passed in by the caller
}


def test_lesson_example():
    text = (
        'BUCKET = "acme-train-data"\n'
        'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n'
        'DOC_KEY = "AKIAIOSFODNN7EXAMPLE"  # gitleaks:allow\n'
    )
    assert find_secrets(text, PATTERNS) == [[2, "aws-access-key-id"]]


def test_two_kinds_on_different_lines():
    token = "ghp_" + "a1B2" * 9
    text = f"+token = '{token}'\n+EPOCHS = 3\n+key = 'AKIAABCDEFGHIJKLMNOP'\n"
    assert find_secrets(text, PATTERNS) == [[1, "github-token"], [3, "aws-access-key-id"]]


def test_default_patterns_find_a_long_term_aws_key():
    text = 'BUCKET = "acme-train-data"\nAWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n'
    assert find_secrets(text) == [[2, "aws-access-key-id"]]
    assert find_secrets(text, {"github-token": r"\bghp_[A-Za-z0-9]{36}\b"}) == [], \
        "patterns, when given, replace the defaults"
