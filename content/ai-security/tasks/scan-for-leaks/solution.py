import re

ALLOW_MARKER = "gitleaks:allow"


def find_secrets(text, patterns):
    """Return [line_number, kind] pairs for the lines on which a pattern matches."""
    compiled = [(kind, re.compile(patterns[kind])) for kind in sorted(patterns)]
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line:
            continue
        for kind, pattern in compiled:
            if pattern.search(line):
                findings.append([number, kind])
    return findings
