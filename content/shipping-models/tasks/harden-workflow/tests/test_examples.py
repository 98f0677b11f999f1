import os
import subprocess
import sys

import yaml

from solution import harden

CHECKOUT = "11bd71901bbe5b1630ceea73d27597364c9af683"
SETUP_PYTHON = "0b93645e9fea7318ecaed2b359559ac225c90a2b"
PINS = {"actions/checkout@v4": CHECKOUT, "actions/setup-python@v5": SETUP_PYTHON}

WORKFLOW = """\
name: ci
on:
  pull_request:
  push:
    branches: [main]
permissions: write-all
jobs:
  test:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
          cache: pip
      - run: pip install --require-hashes -r requirements.txt
      - run: python -m pytest
"""


def schema_check(*texts):
    """Run check-jsonschema with SchemaStore's GitHub workflow schema; '' when all pass."""
    names = []
    for number, text in enumerate(texts):
        names.append(f"workflow-{number}.yml")
        with open(names[-1], "w") as f:
            f.write(text)
    done = subprocess.run(
        [os.path.join(sys.prefix, "bin", "python"), "-m", "check_jsonschema",
         "--builtin-schema", "vendor.github-workflows", *names],
        capture_output=True, text=True, timeout=60,
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr


def load(text):
    """Read a workflow as GitHub does: `on` is a key, not the boolean true."""
    workflow = yaml.safe_load(text)
    return {("on" if key is True else key): value for key, value in workflow.items()}


def test_hardened_workflow_passes_the_schema_and_pins_both_actions():
    out = harden(WORKFLOW, PINS)
    problems = schema_check(out)
    assert problems == "", problems
    steps = load(out)["jobs"]["test"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@" + CHECKOUT
    assert steps[1]["uses"] == "actions/setup-python@" + SETUP_PYTHON


def test_read_only_token_and_a_timeout():
    workflow = load(harden(WORKFLOW, PINS))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["test"]["timeout-minutes"] == 30
