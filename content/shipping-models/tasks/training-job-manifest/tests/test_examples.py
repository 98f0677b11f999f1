import kubernetes_validate

from solution import training_job

IMAGE = "registry.example.com/ml/trainer:1.4@sha256:" + "5e" * 32
COMMAND = ["python", "-m", "train", "--epochs", "3"]


def schema_errors(manifest):
    """kubernetes-validate against Kubernetes 1.33, strict: unknown fields are errors."""
    try:
        kubernetes_validate.validate(manifest, "1.33", strict=True)
    except kubernetes_validate.ValidationError as error:
        return str(error).splitlines()[0]
    return None


def pod_spec(job):
    return job["spec"]["template"]["spec"]


def test_valid_against_the_kubernetes_schema():
    job = training_job("finetune-ranker", IMAGE, COMMAND, cpu=8, memory_gi=32, gpus=1)
    assert schema_errors(job) is None, schema_errors(job)


def test_a_job_that_runs_once_and_does_not_restart_in_place():
    job = training_job("finetune-ranker", IMAGE, COMMAND, cpu=8, memory_gi=32, gpus=1)
    assert job["kind"] == "Job" and job["apiVersion"] == "batch/v1"
    assert job["spec"]["backoffLimit"] == 2
    assert job["spec"]["completions"] == 1 and job["spec"]["parallelism"] == 1
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_gpu_is_a_limit():
    job = training_job("finetune-ranker", IMAGE, COMMAND, cpu=8, memory_gi=32, gpus=1)
    resources = pod_spec(job)["containers"][0]["resources"]
    assert resources["limits"]["nvidia.com/gpu"] == 1
    assert resources["requests"] == {"cpu": "8", "memory": "32Gi"}
