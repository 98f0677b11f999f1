import copy

import kubernetes_validate
import yaml

KUBERNETES = "1.33"

from solution import review

DIGEST = "@sha256:" + "4c1ef8d0" * 8


def deployment(name="ranker", **container_changes):
    container = {
        "name": "api",
        "image": "registry.example.com/ranker:2.1" + DIGEST,
        "resources": {"requests": {"cpu": "2", "memory": "4Gi"}, "limits": {"memory": "4Gi"}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
    }
    container.update(container_changes)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
                    "containers": [{k: v for k, v in container.items() if v is not None}],
                },
            },
        },
    }


def job(name="train", **container_changes):
    container = {
        "name": "train",
        "image": "registry.example.com/trainer:1.4" + DIGEST,
        "resources": {"requests": {"cpu": "8", "memory": "32Gi"},
                      "limits": {"memory": "32Gi", "nvidia.com/gpu": 1}},
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
    }
    container.update(container_changes)
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"backoffLimit": 2, "template": {"spec": {
            "restartPolicy": "Never",
            "containers": [{k: v for k, v in container.items() if v is not None}],
        }}},
    }


def as_yaml(*docs):
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)  # the fixtures are valid
    return yaml.safe_dump_all(docs, sort_keys=False)


def test_clean_deployment_and_job():
    assert review(as_yaml(deployment(), job())) == []


def test_a_tag_without_a_digest_is_not_pinned():
    text = as_yaml(deployment(image="registry.example.com/ranker:2.1"))
    assert review(text) == ["Deployment/ranker: image-not-pinned"]


def test_missing_requests_and_limit():
    text = as_yaml(job(resources={"limits": {"memory": "32Gi"}}),
                   deployment(resources={"requests": {"cpu": "1", "memory": "1Gi"}}))
    assert review(text) == ["Deployment/ranker: no-memory-limit", "Job/train: no-requests"]


def test_gpu_requested_but_not_limited():
    text = as_yaml(job(resources={"requests": {"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": 1},
                                  "limits": {"memory": "32Gi"}}))
    assert review(text) == ["Job/train: gpu-not-limit"]


def test_pod_level_non_root_is_enough():
    assert review(as_yaml(deployment())) == []


def test_container_can_override_the_pod():
    text = as_yaml(deployment(securityContext={"runAsNonRoot": False}))
    assert review(text) == ["Deployment/ranker: runs-as-root"]


def test_no_security_context_at_all_runs_as_root():
    doc = job(securityContext=None)
    assert review(as_yaml(doc)) == ["Job/train: runs-as-root"]


def test_jobs_need_no_readiness_probe():
    assert review(as_yaml(job())) == []


def test_every_container_is_checked():
    doc = deployment()
    sidecar = {"name": "log-shipper", "image": "registry.example.com/fluent-bit:3.1",
               "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}
    doc["spec"]["template"]["spec"]["containers"].append(sidecar)
    assert review(as_yaml(doc)) == [
        "Deployment/ranker: image-not-pinned",
        "Deployment/ranker: no-memory-limit",
        "Deployment/ranker: no-readiness-probe",
    ]


def test_findings_are_listed_once():
    doc = deployment(image="registry.example.com/ranker:latest")
    second = copy.deepcopy(doc["spec"]["template"]["spec"]["containers"][0])
    second["name"] = "api-2"
    doc["spec"]["template"]["spec"]["containers"].append(second)
    assert review(as_yaml(doc)) == ["Deployment/ranker: image-not-pinned"]


def test_a_misspelt_field_fails_the_schema():
    doc = deployment()
    container = doc["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["periodSecond"] = 5
    text = yaml.safe_dump(doc) + "---\n" + as_yaml(job())
    assert review(text) == ["Deployment/ranker: schema"]


def test_a_wrong_type_fails_the_schema():
    doc = job()
    doc["spec"]["backoffLimit"] = "2"
    assert review(yaml.safe_dump(doc)) == ["Job/train: schema"]


def test_other_kinds_are_only_schema_checked():
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ranker"},
               "spec": {"selector": {"app": "ranker"}, "ports": [{"port": 80, "targetPort": 8080}]}}
    bad_service = copy.deepcopy(service)
    bad_service["metadata"]["name"] = "ranker-2"
    bad_service["spec"]["ports"][0]["port"] = "eighty"
    text = as_yaml(service) + "---\n" + yaml.safe_dump(bad_service)
    assert review(text) == ["Service/ranker-2: schema"]


def test_empty_documents_are_skipped():
    assert review("---\n---\n" + as_yaml(job()) + "---\n") == []
