import json
import os
import subprocess
import sys

from solution import render_dockerfile

HADOLINT = os.path.join(sys.prefix, "bin", "hadolint")


def hadolint(text):
    """hadolint's findings for `text`, as (code, level, line, message) tuples."""
    with open("Dockerfile", "w") as f:
        f.write(text)
    done = subprocess.run(
        [HADOLINT, "--no-color", "-f", "json", "Dockerfile"],
        capture_output=True, text=True, timeout=20,
    )
    findings = json.loads(done.stdout or "[]")
    return [(f["code"], f["level"], f["line"], f["message"]) for f in findings]


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


def stages(text):
    """The instructions of each stage, a stage starting at each FROM."""
    found = []
    for instruction in instructions(text):
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


DIGEST = "sha256:" + "3f" * 32


def test_hadolint_finds_nothing():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    findings = hadolint(text)
    assert findings == [], f"hadolint: {findings}\n{text}"


def test_two_stages_both_pinned_by_digest():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    found = stages(text)
    assert len(found) == 2, f"expected a build stage and a final stage:\n{text}"
    for stage in found:
        assert stage[0][1].split()[0] == "python:3.12-slim@" + DIGEST, stage[0]


def test_final_stage_runs_the_module_as_a_non_root_user():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    final = stages(text)[-1]
    assert ("CMD", '["python", "-m", "serve"]') in final, final
    users = [args for word, args in final if word == "USER"]
    assert users and users[-1] not in ("root", "0"), f"last USER: {users}"
