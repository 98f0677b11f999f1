import hashlib

import yaml

from solution import pointer, version_id

FILES = {
    "model.safetensors": b"\x00" * 1000,
    "config.json": b'{"layers": 12}\n',
}


def test_version_id_of_two_files():
    manifest = (
        hashlib.sha256(b'{"layers": 12}\n').hexdigest() + "  config.json\n"
        + hashlib.sha256(b"\x00" * 1000).hexdigest() + "  model.safetensors\n"
    )
    assert version_id(FILES) == "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()


def test_pointer_is_yaml_with_one_output():
    doc = yaml.safe_load(pointer("models/ranker", FILES))
    assert doc == {
        "outs": [
            {"path": "models/ranker", "hash": version_id(FILES), "size": 1015, "nfiles": 2}
        ]
    }
