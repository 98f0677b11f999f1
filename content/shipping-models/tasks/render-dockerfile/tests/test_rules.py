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


DIGEST = "sha256:" + "0a1b2c3d" * 8
APT = {"gcc": "4:12.2.0-3", "libc6-dev": "2.36-9+deb12u10"}


def raises_value_error(*args):
    try:
        render_dockerfile(*args)
    except ValueError:
        return True
    return False


def test_hadolint_clean_with_build_packages():
    text = render_dockerfile("python:3.11-slim-bookworm", DIGEST, "app.server", 9000, APT)
    assert hadolint(text) == []


def test_build_packages_stay_in_the_build_stage():
    text = render_dockerfile("python:3.11-slim-bookworm", DIGEST, "app.server", 9000, APT)
    build, final = stages(text)
    assert any("gcc=4:12.2.0-3" in args for word, args in build if word == "RUN")
    assert not any("apt-get" in args or "gcc" in args for _, args in final)
    assert any(word == "COPY" and args.startswith("--from=") for word, args in final)


def test_dependencies_install_before_the_code_is_copied():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    build, final = stages(text)
    words = [(w, a) for w, a in build]
    copy_reqs = next(i for i, (w, a) in enumerate(words) if w == "COPY" and "requirements.txt" in a)
    install = next(i for i, (w, a) in enumerate(words) if w == "RUN" and "pip install" in a)
    assert copy_reqs < install
    assert not any(w == "COPY" and a.split()[0] == "." for w, a in build), "the code belongs in the final stage"


def test_install_checks_hashes():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    installs = [a for w, a in instructions(text) if w == "RUN" and "pip install" in a]
    assert installs and all("--require-hashes" in a for a in installs)


def test_numeric_non_root_user_last():
    text = render_dockerfile("python:3.12-slim", DIGEST, "serve", 8080)
    users = [a for w, a in stages(text)[-1] if w == "USER"]
    assert users and users[-1].isdigit() and int(users[-1]) != 0


def test_exposes_the_port_and_runs_the_module():
    text = render_dockerfile("python:3.12-slim", DIGEST, "app.server", 9000)
    final = stages(text)[-1]
    assert ("EXPOSE", "9000") in final
    assert ("CMD", '["python", "-m", "app.server"]') in final


def test_refuses_latest_and_missing_tags():
    assert raises_value_error("python:latest", DIGEST, "serve", 8080)
    assert raises_value_error("python", DIGEST, "serve", 8080)


def test_refuses_a_malformed_digest():
    assert raises_value_error("python:3.12-slim", "sha256:abc", "serve", 8080)
    assert raises_value_error("python:3.12-slim", "md5:" + "ab" * 16, "serve", 8080)
    assert raises_value_error("python:3.12-slim", "sha256:" + "AB" * 32, "serve", 8080)


def test_refuses_a_bad_port():
    assert raises_value_error("python:3.12-slim", DIGEST, "serve", 0)
    assert raises_value_error("python:3.12-slim", DIGEST, "serve", 70000)
