import kubernetes_validate

from solution import training_job

IMAGE = "registry.example.com/ml/trainer:1.4@sha256:" + "5e" * 32


def schema_errors(manifest):
    """kubernetes-validate against Kubernetes 1.33, strict: unknown fields are errors."""
    try:
        kubernetes_validate.validate(manifest, "1.33", strict=True)
    except kubernetes_validate.ValidationError as error:
        return str(error).splitlines()[0]
    return None


def pod_spec(job):
    return job["spec"]["template"]["spec"]


def container(job):
    containers = pod_spec(job)["containers"]
    assert len(containers) == 1
    return containers[0]


def raises_value_error(**kwargs):
    args = dict(name="train", image=IMAGE, command=["python", "t.py"], cpu=1, memory_gi=2)
    args.update(kwargs)
    try:
        training_job(**args)
    except ValueError:
        return True
    return False


def test_cpu_only_job_is_valid_and_asks_for_no_gpu():
    job = training_job("eval-nightly", IMAGE, ["python", "-m", "evaluate"], cpu=2, memory_gi=6)
    assert schema_errors(job) is None, schema_errors(job)
    resources = container(job)["resources"]
    assert "nvidia.com/gpu" not in resources.get("limits", {})
    assert "nvidia.com/gpu" not in resources.get("requests", {})


def test_eight_gpus_with_other_settings_still_valid():
    job = training_job("pretrain-7b", IMAGE, ["torchrun", "--nproc-per-node=8", "train.py"],
                       cpu=64, memory_gi=900, gpus=8, backoff_limit=0, deadline_hours=72)
    assert schema_errors(job) is None, schema_errors(job)
    assert job["spec"]["backoffLimit"] == 0
    assert job["spec"]["activeDeadlineSeconds"] == 72 * 3600
    assert container(job)["resources"]["limits"]["nvidia.com/gpu"] == 8


def test_command_is_kept_as_a_list():
    job = training_job("t", IMAGE, ["python", "train.py", "--lr", "3e-4"], cpu=1, memory_gi=2)
    assert container(job)["command"] == ["python", "train.py", "--lr", "3e-4"]


def test_memory_limit_equals_the_request():
    job = training_job("t", IMAGE, ["python", "t.py"], cpu="500m", memory_gi=12)
    resources = container(job)["resources"]
    assert resources["requests"]["memory"] == "12Gi"
    assert resources["limits"]["memory"] == "12Gi"
    assert resources["requests"]["cpu"] == "500m"


def test_gpu_never_only_in_requests():
    job = training_job("t", IMAGE, ["python", "t.py"], cpu=4, memory_gi=16, gpus=2)
    resources = container(job)["resources"]
    assert resources["limits"].get("nvidia.com/gpu") == 2
    assert resources.get("requests", {}).get("nvidia.com/gpu", 2) == 2


def test_runs_as_non_root_without_privilege_escalation():
    job = training_job("t", IMAGE, ["python", "t.py"], cpu=1, memory_gi=2)
    pod_context = pod_spec(job).get("securityContext", {})
    own_context = container(job).get("securityContext", {})
    assert own_context.get("runAsNonRoot", pod_context.get("runAsNonRoot")) is True
    user = own_context.get("runAsUser", pod_context.get("runAsUser"))
    assert isinstance(user, int) and user > 0
    assert own_context.get("allowPrivilegeEscalation") is False
    assert own_context.get("capabilities", {}).get("drop") == ["ALL"]


def test_restart_policy_is_never():
    job = training_job("t", IMAGE, ["python", "t.py"], cpu=1, memory_gi=2)
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_refuses_an_image_without_a_digest():
    assert raises_value_error(image="registry.example.com/ml/trainer:1.4")
    assert raises_value_error(image="registry.example.com/ml/trainer:latest")


def test_refuses_names_kubernetes_would_refuse():
    for bad in ("FineTune", "fine_tune", "-train", "train-", "x" * 64, ""):
        assert raises_value_error(name=bad), repr(bad)


def test_refuses_negative_or_fractional_gpus():
    assert raises_value_error(gpus=-1)
    assert raises_value_error(gpus=0.5)
