import kubernetes_validate
import yaml

KUBERNETES = "1.33"


def pod_spec(doc):
    kind = doc.get("kind")
    if kind == "Pod":
        return doc.get("spec", {})
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return doc["spec"]["template"]["spec"]
    return None


def container_problems(kind, pod, container):
    resources = container.get("resources", {})
    requests = resources.get("requests", {})
    limits = resources.get("limits", {})
    image = container.get("image", "")
    if image.endswith(":latest") or ":" not in image.rsplit("/", 1)[-1]:
        yield "image-not-pinned"
    if "cpu" not in requests or "memory" not in requests:
        yield "no-requests"
    if "memory" not in limits:
        yield "no-memory-limit"
    if "nvidia.com/gpu" in requests and "nvidia.com/gpu" not in limits:
        yield "gpu-not-limit"
    own = container.get("securityContext", {}).get("runAsNonRoot")
    inherited = pod.get("securityContext", {}).get("runAsNonRoot")
    if (own if own is not None else inherited) is not True:
        yield "runs-as-root"
    if kind == "Deployment" and "readinessProbe" not in container:
        yield "no-readiness-probe"


def review(text):
    """Findings "Kind/name: code" for every manifest in the YAML text, sorted, each once."""
    findings = set()
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        kind = doc.get("kind", "?")
        where = f"{kind}/{doc.get('metadata', {}).get('name', '?')}"
        try:
            kubernetes_validate.validate(doc, KUBERNETES, strict=True)
        except kubernetes_validate.ValidationError:
            findings.add(f"{where}: schema")
            continue
        pod = pod_spec(doc)
        if pod is None:
            continue
        for container in pod.get("containers", []):
            for code in container_problems(kind, pod, container):
                findings.add(f"{where}: {code}")
    return sorted(findings)
