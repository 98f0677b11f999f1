import kubernetes_validate
import yaml

KUBERNETES = "1.33"


def review(text):
    """Findings "Kind/name: code" for every manifest in the YAML text, sorted, each once."""
    findings = set()
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        for container in doc["spec"]["template"]["spec"]["containers"]:
            if container["image"].endswith(":latest"):
                findings.add(f"{where}: image-not-pinned")
    return sorted(findings)
