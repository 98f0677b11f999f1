import re

DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def render_dockerfile(base, digest, module, port, apt_packages=None):
    """Return the text of a two-stage Dockerfile for a Python model service.

    base: an image with a tag, such as "python:3.12-slim" (not "latest", no digest)
    digest: "sha256:" and 64 lowercase hex digits, the base image's manifest digest
    module: the module to run with `python -m`
    port: the TCP port the service listens on (1 to 65535)
    apt_packages: {name: version} needed only to build the wheels, or None
    """
    name, _, tag = base.rpartition(":")
    if not name or not tag or "/" in tag or tag == "latest" or "@" in base:
        raise ValueError(f"base needs a tag other than latest, without a digest: {base!r}")
    if not DIGEST.fullmatch(digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
    if not module.replace(".", "").replace("_", "").isalnum():
        raise ValueError(f"not a module name: {module!r}")
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise ValueError(f"not a TCP port: {port!r}")

    image = f"{base}@{digest}"
    steps = [f"FROM {image} AS build", "WORKDIR /app"]
    if apt_packages:
        pinned = " ".join(f"{p}={v}" for p, v in sorted(apt_packages.items()))
        steps.append(
            "RUN apt-get update"
            f" && apt-get install -y --no-install-recommends {pinned}"
            " && rm -rf /var/lib/apt/lists/*"
        )
    steps += [
        "COPY requirements.txt .",
        "RUN pip install --no-cache-dir --require-hashes --prefix=/install -r requirements.txt",
        "",
        f"FROM {image}",
        "WORKDIR /app",
        "COPY --from=build /install /usr/local",
        "COPY . .",
        "USER 10001",
        f"EXPOSE {port}",
        f'CMD ["python", "-m", "{module}"]',
    ]
    return "\n".join(steps) + "\n"
