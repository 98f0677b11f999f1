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


NO_TAG = """\
FROM python
ADD serve.py /opt/svc/serve.py
ADD requirements.lock /opt/svc/requirements.lock
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u12 libgomp1=12.2.0-14
RUN pip install --require-hashes -r /opt/svc/requirements.lock
RUN cd /opt/svc && python -m compileall -q .
EXPOSE 9000
CMD ["python", "/opt/svc/serve.py"]
"""

ROOT_WRITTEN_OUT = """\
FROM python:3.11-slim-bookworm
USER root
RUN apt-get update && apt-get install -y ffmpeg=7:5.1.6-0+deb12u1 && apt-get clean
ADD model_server /models/server
RUN cd /models/server && pip install onnxruntime==1.20.1 numpy==2.2.1
ENV PORT=7070
CMD ["python", "-m", "model_server", "--port", "7070"]
"""


def cmd_lines(text):
    return [line for line in text.splitlines() if line.strip().upper().startswith("CMD")]


def test_hadolint_quiet_on_an_untagged_base():
    assert serious(hadolint(repair(NO_TAG))) == []


def test_hadolint_quiet_when_root_is_written_out():
    assert serious(hadolint(repair(ROOT_WRITTEN_OUT))) == []


def test_untagged_base_gets_the_prompts_tag():
    froms = [a.split()[0] for w, a in instructions(repair(NO_TAG)) if w == "FROM"]
    assert froms == ["python:3.12-slim-bookworm"]


def test_a_base_with_a_real_tag_keeps_it():
    froms = [a.split()[0] for w, a in instructions(repair(ROOT_WRITTEN_OUT)) if w == "FROM"]
    assert froms == ["python:3.11-slim-bookworm"]


def test_last_user_before_cmd_is_not_root():
    for broken in (NO_TAG, ROOT_WRITTEN_OUT):
        users, has_cmd = users_before_cmd(repair(broken))
        assert has_cmd
        assert users and users[-1].split(":")[0] not in ("root", "0")


def test_cmd_kept_word_for_word_and_last():
    for broken in (NO_TAG, ROOT_WRITTEN_OUT):
        text = repair(broken)
        assert cmd_lines(text) == cmd_lines(broken)
        assert instructions(text)[-1][0] == "CMD", "nothing may follow CMD"


def test_cd_becomes_workdir():
    found = instructions(repair(NO_TAG))
    assert not any(w == "RUN" and a.startswith("cd ") for w, a in found)
    workdir = found.index(("WORKDIR", "/opt/svc"))
    compile_run = next(i for i, (w, a) in enumerate(found) if w == "RUN" and "compileall" in a)
    assert workdir < compile_run


def test_apt_lists_removed_in_the_installing_run():
    for broken in (NO_TAG, ROOT_WRITTEN_OUT):
        runs = [a for w, a in instructions(repair(broken)) if w == "RUN" and "apt-get install" in a]
        assert len(runs) == 1
        assert "--no-install-recommends" in runs[0]
        assert "rm -rf /var/lib/apt/lists/*" in runs[0]


def test_nothing_the_image_needs_is_dropped():
    found = instructions(repair(NO_TAG)) + instructions(repair(ROOT_WRITTEN_OUT))
    runs = " ".join(a for w, a in found if w == "RUN")
    for package in ("curl=7.88.1-10+deb12u12", "libgomp1=12.2.0-14", "ffmpeg=7:5.1.6-0+deb12u1",
                    "onnxruntime==1.20.1", "numpy==2.2.1", "/opt/svc/requirements.lock"):
        assert package in runs.split(), package
    copies = [a.split()[-2:] for w, a in found if w == "COPY"]
    for pair in (["serve.py", "/opt/svc/serve.py"], ["model_server", "/models/server"],
                 ["requirements.lock", "/opt/svc/requirements.lock"]):
        assert pair in copies, pair
    assert ("ENV", "PORT=7070") in found and ("EXPOSE", "9000") in found
