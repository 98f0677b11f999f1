import hashlib

from solution import check_download


def h(data):
    return hashlib.sha256(data).hexdigest()


NUMPY = b"numpy-1.26.4-wheel"
ST = b"safetensors-0.4.5-wheel"
TOK = b"tokenizers-wheel"


def raises_value_error(*args):
    try:
        check_download(*args)
    except ValueError:
        return True
    return False


def test_empty_file_is_pinned_by_its_hash():
    lock = f"empty-pkg==1.0 --hash=sha256:{h(b'')}\n"
    assert check_download(lock, "empty-pkg", b"") is True
    assert check_download(lock, "empty-pkg", b"\x00") is False


def test_one_line_requirement():
    lock = f"numpy==1.26.4 --hash=sha256:{h(NUMPY)}"
    assert check_download(lock, "numpy", NUMPY) is True


def test_hash_of_another_project_does_not_count():
    lock = f"numpy==1.26.4 --hash=sha256:{h(NUMPY)}\nsafetensors==0.4.5 --hash=sha256:{h(ST)}\n"
    assert check_download(lock, "numpy", ST) is False, \
        "a file must match a hash pinned for its own project"


def test_single_flipped_bit_is_refused():
    lock = f"safetensors==0.4.5 \\\n    --hash=sha256:{h(ST)}\n"
    tampered = bytes([ST[0] ^ 1]) + ST[1:]
    assert check_download(lock, "safetensors", tampered) is False


def test_comments_and_blank_lines():
    lock = f"""\
# top comment

numpy==1.26.4 \\
    --hash=sha256:{h(NUMPY)}  # wheel for linux
    # via
    #   -r requirements.in
    #   safetensors

tokenizers==0.20.0 --hash=sha256:{h(TOK)}   # pinned by hand
"""
    assert check_download(lock, "numpy", NUMPY) is True
    assert check_download(lock, "tokenizers", TOK) is True


def test_names_are_normalized():
    lock = f"Safe_Tensors==0.4.5 \\\n    --hash=sha256:{h(ST)}\n"
    assert check_download(lock, "safe-tensors", ST) is True
    assert check_download(lock, "SAFE.TENSORS", ST) is True
    assert check_download(lock, "safe--tensors", ST) is True, "a run of separators counts as one"
    assert raises_value_error(lock, "safetensors", ST), \
        "safetensors (no separator) is a different project from safe-tensors"


def test_many_continuation_lines():
    others = [h(bytes([i])) for i in range(5)]
    lines = ["numpy==1.26.4 \\"] + [f"    --hash=sha256:{x} \\" for x in others]
    lines.append(f"    --hash=sha256:{h(NUMPY)}")
    assert check_download("\n".join(lines) + "\n", "numpy", NUMPY) is True


def test_unpinned_requirement_anywhere_raises_value_error():
    lock = f"numpy==1.26.4 --hash=sha256:{h(NUMPY)}\nrequests>=2.31 --hash=sha256:{h(b'r')}\n"
    assert raises_value_error(lock, "numpy", NUMPY), \
        "requests>=2.31 is not pinned with ==, so the whole file must be refused"


def test_requirement_without_hash_raises_value_error():
    lock = f"numpy==1.26.4 --hash=sha256:{h(NUMPY)}\ntokenizers==0.20.0\n"
    assert raises_value_error(lock, "numpy", NUMPY), \
        "tokenizers has no hash, so the whole file must be refused"


def test_bare_name_raises_value_error():
    lock = f"numpy\nsafetensors==0.4.5 --hash=sha256:{h(ST)}\n"
    assert raises_value_error(lock, "safetensors", ST)


def test_empty_requirements_raise_value_error():
    assert raises_value_error("", "numpy", NUMPY), "nothing is pinned in an empty file"
    assert raises_value_error("# only a comment\n\n", "numpy", NUMPY)
