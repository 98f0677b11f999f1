import os
import subprocess
import sys

import yaml

from solution import harden

CHECKOUT = "11bd71901bbe5b1630ceea73d27597364c9af683"
SETUP_PYTHON = "0b93645e9fea7318ecaed2b359559ac225c90a2b"
UPLOAD = "ea165f8d65b6e75b540449e92b4886f43607fa02"
PINS = {
    "actions/checkout@v4": CHECKOUT,
    "actions/setup-python@v5": SETUP_PYTHON,
    "actions/upload-artifact@v4": UPLOAD,
}

TWO_JOBS = """\
name: train-and-gate
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest
  evaluate:
    needs: test
    runs-on: ubuntu-24.04
    timeout-minutes: 90
    permissions: {contents: read, id-token: write}
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/fetch-eval-data
      - uses: actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b
      - run: python -m evaluate --min-accuracy 0.92
      - uses: actions/upload-artifact@v4
        with:
          name: report
          path: report.json
"""

KEEPS_PERMISSIONS = """\
on:
  workflow_dispatch:
permissions: {contents: read, pull-requests: write}
jobs:
  comment:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
      - run: echo done
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
    workflow = yaml.safe_load(text)
    return {("on" if key is True else key): value for key, value in workflow.items()}


def raises_value_error(text, pins):
    try:
        harden(text, pins)
    except ValueError:
        return True
    return False


def test_every_output_passes_the_schema():
    assert schema_check(harden(TWO_JOBS, PINS), harden(KEEPS_PERMISSIONS, PINS)) == ""


def test_on_is_still_the_trigger():
    for text in (TWO_JOBS, KEEPS_PERMISSIONS):
        raw = yaml.safe_load(harden(text, PINS))
        assert "on" in raw and True not in raw, "the trigger key came back as the boolean true"


def test_every_job_is_pinned():
    jobs = load(harden(TWO_JOBS, PINS))["jobs"]
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    assert uses == [
        "actions/checkout@" + CHECKOUT,
        "actions/checkout@" + CHECKOUT,
        "./.github/actions/fetch-eval-data",
        "actions/setup-python@" + SETUP_PYTHON,
        "actions/upload-artifact@" + UPLOAD,
    ]


def test_job_settings_are_kept():
    jobs = load(harden(TWO_JOBS, PINS))["jobs"]
    assert jobs["evaluate"]["timeout-minutes"] == 90
    assert jobs["evaluate"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert jobs["evaluate"]["needs"] == "test"
    assert jobs["test"]["timeout-minutes"] == 30
    assert jobs["evaluate"]["steps"][4]["with"] == {"name": "report", "path": "report.json"}


def test_missing_permissions_become_read_only():
    assert load(harden(TWO_JOBS, PINS))["permissions"] == {"contents": "read"}


def test_explicit_permissions_are_kept():
    workflow = load(harden(KEEPS_PERMISSIONS, PINS))
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_read_all_is_narrowed_too():
    text = KEEPS_PERMISSIONS.replace("permissions: {contents: read, pull-requests: write}\n",
                                     "permissions: read-all\n")
    assert load(harden(text, PINS))["permissions"] == {"contents": "read"}


def test_an_action_without_a_pin_is_refused():
    text = TWO_JOBS.replace("actions/upload-artifact@v4", "some-org/deploy-model@main")
    assert raises_value_error(text, PINS)


def test_a_pin_for_another_version_does_not_count():
    text = TWO_JOBS.replace("actions/checkout@v4", "actions/checkout@v3")
    assert raises_value_error(text, PINS)
