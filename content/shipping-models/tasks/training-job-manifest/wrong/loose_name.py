import re

NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


def training_job(name, image, command, cpu, memory_gi, gpus=0, backoff_limit=2, deadline_hours=24):
    """A Kubernetes batch/v1 Job (as a dict) that runs one training container to completion."""
    if not name:
        raise ValueError(f"not a DNS-1123 label: {name!r}")
    if "@sha256:" not in image:
        raise ValueError(f"pin the image by digest: {image!r}")
    if not isinstance(gpus, int) or gpus < 0:
        raise ValueError(f"gpus must be a whole number >= 0: {gpus!r}")

    memory = f"{memory_gi}Gi"
    limits = {"memory": memory}
    if gpus:
        limits["nvidia.com/gpu"] = gpus
    container = {
        "name": "train",
        "image": image,
        "command": list(command),
        "resources": {"requests": {"cpu": str(cpu), "memory": memory}, "limits": limits},
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
        },
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/name": name}},
        "spec": {
            "backoffLimit": backoff_limit,
            "completions": 1,
            "parallelism": 1,
            "activeDeadlineSeconds": deadline_hours * 3600,
            "template": {
                "metadata": {"labels": {"app.kubernetes.io/name": name}},
                "spec": {
                    "restartPolicy": "Never",
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
                    "containers": [container],
                },
            },
        },
    }
