def training_job(name, image, command, cpu, memory_gi, gpus=0, backoff_limit=2, deadline_hours=24):
    """A Kubernetes batch/v1 Job (as a dict) that runs one training container to completion."""
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{"name": "train", "image": image, "command": command}],
                },
            },
        },
    }
