from solution import review

GOOD_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ranker
spec:
  replicas: 2
  selector:
    matchLabels: {app: ranker}
  template:
    metadata:
      labels: {app: ranker}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: registry.example.com/ranker:2.1@sha256:4c1ef8d03e2b7a6f5c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: "2", memory: 4Gi}
            limits: {memory: 4Gi}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
"""

LATEST = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-eval
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: eval
          image: registry.example.com/eval:latest
          resources:
            requests: {cpu: "1", memory: 2Gi}
            limits: {memory: 2Gi}
          securityContext: {runAsNonRoot: true, runAsUser: 10001}
"""


def test_a_good_deployment_has_no_findings():
    assert review(GOOD_DEPLOYMENT) == []


def test_latest_is_not_pinned():
    assert review(LATEST) == ["Job/nightly-eval: image-not-pinned"]


def test_two_documents_sorted():
    text = LATEST + "---\n" + GOOD_DEPLOYMENT
    text = text.replace("          readinessProbe:\n            httpGet: {path: /ready, port: 8080}\n", "")
    assert review(text) == [
        "Deployment/ranker: no-readiness-probe",
        "Job/nightly-eval: image-not-pinned",
    ]
