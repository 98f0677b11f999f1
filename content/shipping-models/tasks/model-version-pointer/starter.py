import hashlib

import yaml


def version_id(files):
    """A content address for a folder given as {relative path: bytes}.

    The SHA-256 of its manifest: one line "<sha256 of the file's bytes>  <path>\n"
    per file, sorted by path, as `sha256sum` prints them.
    """
    h = hashlib.sha256()
    for data in files.values():
        h.update(data)
    return "sha256:" + h.hexdigest()


def pointer(name, files):
    """The YAML text of a small pointer file to commit in Git instead of the folder."""
    return yaml.safe_dump({"outs": [{"path": name, "hash": version_id(files)}]})
