def render_dockerfile(base, digest, module, port, apt_packages=None):
    """Return the text of a two-stage Dockerfile for a Python model service.

    base: an image with a tag, such as "python:3.12-slim" (not "latest", no digest)
    digest: "sha256:" and 64 lowercase hex digits, the base image's manifest digest
    module: the module to run with `python -m`
    port: the TCP port the service listens on (1 to 65535)
    apt_packages: {name: version} needed only to build the wheels, or None
    """
    # A first draft: one stage, a moving tag, root, and the code copied first.
    lines = [
        f"FROM {base}",
        "WORKDIR /app",
        "COPY . .",
        "RUN pip install -r requirements.txt",
        f"EXPOSE {port}",
        f"CMD python -m {module}",
    ]
    return "\n".join(lines) + "\n"
