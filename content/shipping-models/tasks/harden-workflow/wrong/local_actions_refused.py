import re

import yaml

SHA = re.compile(r"[0-9a-f]{40}")


def pin(uses, pins):
    """`owner/repo@ref` with its ref replaced by the commit SHA that `pins` gives for it."""
    action, _, ref = uses.partition("@")
    if SHA.fullmatch(ref):
        return uses
    if uses not in pins:
        raise ValueError(f"no pinned commit for {uses}")
    return f"{action}@{pins[uses]}"


def harden(text, pins):
    """Return the workflow in `text` (YAML) with actions pinned, least privilege and timeouts."""
    workflow = yaml.safe_load(text)
    # PyYAML follows YAML 1.1, where a bare `on` is the boolean True.
    if True in workflow:
        workflow = {("on" if key is True else key): value for key, value in workflow.items()}
    if not isinstance(workflow.get("permissions"), dict):
        hardened = {}
        for key, value in workflow.items():
            if key == "jobs" and "permissions" not in hardened:
                hardened["permissions"] = {"contents": "read"}
            if key != "permissions":
                hardened[key] = value
        workflow = hardened
    for job in workflow["jobs"].values():
        job.setdefault("timeout-minutes", 30)
        for step in job.get("steps", []):
            if "uses" in step:
                step["uses"] = pin(step["uses"], pins)
    return yaml.safe_dump(workflow, sort_keys=False)
