import hashlib

import yaml

from solution import pointer, version_id


def raises_value_error(function, *args):
    try:
        function(*args)
    except ValueError:
        return True
    return False


def test_insertion_order_does_not_matter():
    a = {"b.bin": b"2", "a.bin": b"1", "sub/c.bin": b"3"}
    b = {"sub/c.bin": b"3", "a.bin": b"1", "b.bin": b"2"}
    assert version_id(a) == version_id(b)


def test_renaming_a_file_changes_the_id():
    assert version_id({"weights.bin": b"w"}) != version_id({"weights-v2.bin": b"w"})


def test_moving_bytes_between_name_and_content_changes_the_id():
    assert version_id({"a": b"bc"}) != version_id({"ab": b"c"})


def test_swapping_contents_changes_the_id():
    assert version_id({"x": b"1", "y": b"2"}) != version_id({"x": b"2", "y": b"1"})


def test_nested_paths_sorted_as_strings():
    files = {"tok/vocab.txt": b"a\nb\n", "model.bin": b"\x01\x02", "tok/merges.txt": b""}
    manifest = "".join(
        f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files)
    )
    assert version_id(files) == "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()


def test_empty_folder_has_the_hash_of_an_empty_manifest():
    assert version_id({}) == "sha256:" + hashlib.sha256(b"").hexdigest()


def test_unclean_paths_are_refused():
    for bad in ("/etc/passwd", "../secrets.env", "a/../b", "a//b", "", "a\\b", "./a"):
        assert raises_value_error(version_id, {bad: b"x"}), repr(bad)


def test_pointer_names_that_yaml_would_misread():
    files = {"w.bin": b"123"}
    for name in ("2025", "models/a: b", "yes", "null", "data #1"):
        doc = yaml.safe_load(pointer(name, files))
        assert doc["outs"][0]["path"] == name, f"path {name!r} came back as {doc['outs'][0]['path']!r}"


def test_pointer_counts_sizes_and_files():
    files = {"a": b"x" * 7, "b/c": b"", "b/d": b"yy"}
    out = yaml.safe_load(pointer("data/train", files))["outs"][0]
    assert out["size"] == 9 and out["nfiles"] == 3 and out["hash"] == version_id(files)


def test_pointer_of_an_empty_folder_is_refused():
    assert raises_value_error(pointer, "data/empty", {})
