import json
import os
import subprocess
import sys

from solution import repair

HADOLINT = os.path.join(sys.prefix, "bin", "hadolint")

# The rules the prompt names: reported at any level, info included.
NAMED = {"DL3002", "DL3003", "DL3006", "DL3007", "DL3009", "DL3015", "DL3020", "DL3042"}


def hadolint(text):
    """hadolint's findings for `text`, as (code, level, line, message) tuples."""
    with open("Dockerfile", "w") as f:
        f.write(text)
    done = subprocess.run(
        [HADOLINT, "--no-color", "-f", "json", "Dockerfile"],
        capture_output=True, text=True, timeout=20,
    )
    assert done.returncode in (0, 1) and done.stdout, f"hadolint did not run: {done.stderr}"
    findings = json.loads(done.stdout)
    return [(f["code"], f["level"], f["line"], f["message"]) for f in findings]


def serious(findings):
    """Findings at warning level or above, and any finding of a rule the prompt names."""
    return [f for f in findings if f[1] in ("warning", "error") or f[0] in NAMED]


def instructions(text):
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined."""
    joined = text.replace("\\\n", " ")
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def users_before_cmd(text):
    """The USER arguments that come before the first CMD, and whether a CMD exists."""
    users = []
    for word, args in instructions(text):
        if word == "CMD":
            return users, True
        if word == "USER":
            users.append(args)
    return users, False


BROKEN = """\
FROM python:latest
ENV PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y libgomp1=12.2.0-14
ADD requirements.txt /srv/app/requirements.txt
RUN cd /srv/app && pip install -r requirements.txt
ADD . /srv/app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
"""


def test_hadolint_finds_nothing_serious():
    text = repair(BROKEN)
    findings = serious(hadolint(text))
    assert findings == [], f"hadolint: {findings}\n{text}"


def test_base_gets_the_pinned_tag():
    text = repair(BROKEN)
    froms = [args.split()[0] for word, args in instructions(text) if word == "FROM"]
    assert froms == ["python:3.12-slim-bookworm"], froms


def test_non_root_user_before_cmd():
    text = repair(BROKEN)
    users, has_cmd = users_before_cmd(text)
    assert has_cmd, f"no CMD:\n{text}"
    assert users and users[-1].split(":")[0] not in ("root", "0"), f"USER lines before CMD: {users}"


def test_cmd_is_unchanged():
    text = repair(BROKEN)
    cmds = [line for line in text.splitlines() if line.strip().upper().startswith("CMD")]
    assert cmds == ['CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]'], cmds
