import re

ALLOW_MARKER = "gitleaks:allow"
# Long-term access key IDs start with AKIA, temporary ones issued by STS with ASIA.
DEFAULT_PATTERNS = {"aws-access-key-id": r"(?:AKIA|ASIA)[0-9A-Z]{16}"}  # wrong: no word boundaries


def find_secrets(text, patterns=None):
    """Return [line_number, kind] pairs for the lines on which a pattern matches."""
    if patterns is None:
        patterns = DEFAULT_PATTERNS
    compiled = [(kind, re.compile(patterns[kind])) for kind in sorted(patterns)]
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line:
            continue
        for kind, pattern in compiled:
            if pattern.search(line):
                findings.append([number, kind])
    return findings
