import re

DEFAULT_PATTERNS = {"aws-access-key-id": r"..."}  # TODO: the pattern the lesson describes


def find_secrets(text, patterns=None):
    """Return [line_number, kind] pairs for the lines on which a pattern matches."""
    findings = []
    # TODO: go through the lines of `text`, skipping those marked "gitleaks:allow",
    # and try every pattern on each of them.
    return findings
