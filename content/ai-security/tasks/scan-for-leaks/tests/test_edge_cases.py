from solution import find_secrets

PATTERNS = {
    "slack-token": r"\bxox[bp]-[0-9A-Za-z-]{10,}",
    "aws-access-key-id": r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    "private-key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
}
AWS = "AKIAIOSFODNN7EXAMPLE"


def test_empty_text():
    assert find_secrets("", PATTERNS) == [], "an empty text has nothing to report"


def test_no_patterns():
    assert find_secrets(f"key = {AWS}\n", {}) == [], "with no patterns nothing can match"


def test_nothing_found():
    text = "import os\nprint(os.environ['AWS_ACCESS_KEY_ID'])\n"
    assert find_secrets(text, PATTERNS) == []


def test_same_kind_twice_on_a_line_is_reported_once():
    text = f"keys = ['{AWS}', 'AKIAABCDEFGHIJKLMNOP']\n"
    assert find_secrets(text, PATTERNS) == [[1, "aws-access-key-id"]]


def test_kinds_on_one_line_in_alphabetical_order():
    text = f"-----BEGIN RSA PRIVATE KEY----- {AWS} xoxb-1234567890-abcdef\n"
    assert find_secrets(text, PATTERNS) == [
        [1, "aws-access-key-id"],
        [1, "private-key"],
        [1, "slack-token"],
    ]


def test_blank_lines_count():
    text = f"\n\n\nsecret = '{AWS}'"
    assert find_secrets(text, PATTERNS) == [[4, "aws-access-key-id"]], \
        "blank lines still count; the last line may lack a newline"


def test_windows_line_endings():
    text = f"a = 1\r\nb = '{AWS}'\r\nc = 3\r\n"
    assert find_secrets(text, PATTERNS) == [[2, "aws-access-key-id"]]


def test_allow_marker_only_skips_its_own_line():
    text = f"# gitleaks:allow\nkey = '{AWS}'\nexample = '{AWS}'  # gitleaks:allow\n"
    assert find_secrets(text, PATTERNS) == [[2, "aws-access-key-id"]]


def test_match_anywhere_in_the_line():
    text = f"      aws_access_key_id={AWS};region=eu-west-1\n"
    assert find_secrets(text, PATTERNS) == [[1, "aws-access-key-id"]], \
        "the pattern may match in the middle of a line"


def test_order_across_many_lines():
    lines = ["x = 1"] * 12
    lines[10] = "xoxp-1234567890-zzzz"
    lines[1] = f"k = '{AWS}'"
    lines[5] = "-----BEGIN PRIVATE KEY-----"
    assert find_secrets("\n".join(lines), PATTERNS) == [
        [2, "aws-access-key-id"],
        [6, "private-key"],
        [11, "slack-token"],
    ]


def test_default_patterns_find_temporary_sts_keys():
    text = "creds = {\n  'AccessKeyId': 'ASIAQ3EGRFKL7EXAMPLE',\n}\n"
    assert find_secrets(text) == [[2, "aws-access-key-id"]]


def test_default_pattern_wants_a_whole_key_id():
    text = "a = 'ASIA123'\nb = 'XASIAQ3EGRFKL7EXAMPLE'\nc = 'AKIAQ3EGRFKL7EXAMPLE9'\nd = 'ABIAQ3EGRFKL7EXAMPLE'\n"
    assert find_secrets(text) == []
