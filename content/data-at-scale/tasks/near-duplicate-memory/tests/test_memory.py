import os
import subprocess
import sys

import cairn
import numpy as np
from solution import count_near_duplicates


def expected_pairs(seed, n):
    """The exact count, a row at a time (this process has a memory limit too)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 32))
    copies = rng.choice(n, size=n // 50, replace=False)
    x[copies] = x[rng.integers(0, n, size=copies.size)] + rng.normal(scale=0.05, size=(copies.size, 32))
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    return sum(int((x[i + 1:] @ x[i] > 0.95).sum()) for i in range(n))


def traced_peak(seed, n):
    """Run main(seed, n) from the learner's file in a fresh interpreter, with tracemalloc
    started after the imports; return (result, peak traced bytes)."""
    with open("program_under_test.py", "w") as f:
        f.write(cairn.source())
    code = (
        "import tracemalloc, program_under_test as p\n"
        "tracemalloc.start()\n"
        f"result = p.main({seed}, {n})\n"
        "print(result, tracemalloc.get_traced_memory()[1])\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.getcwd()] + sys.path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, env=env)
    assert done.returncode == 0, f"the program failed: {done.stderr[-400:]}"
    result, peak = done.stdout.split()[-2:]
    return int(result), int(peak)


def test_three_thousand_embeddings_under_20_mib_traced():
    result, peak = traced_peak(1, 3_000)
    assert result == expected_pairs(1, 3_000), "the count changed"
    assert peak < 20 * 2**20, f"tracemalloc peak {peak / 2**20:.1f} MiB"


def test_resident_memory_stays_low():
    from solution import main
    assert main(2, 3_000) == expected_pairs(2, 3_000)
    grew = cairn.last_call.peak_memory
    assert grew is None or grew < 32 * 2**20, f"resident memory grew by {grew / 2**20:.1f} MiB"


def test_pairs_are_counted_once_across_blocks():
    # 600 copies of one direction: every pair of them, 600 * 599 / 2 = 179,700.
    x = np.tile([[0.6, 0.8]], (600, 1)).tolist()
    assert count_near_duplicates(x) == 179_700


def test_no_rows():
    assert count_near_duplicates(np.zeros((0, 4)).tolist()) == 0
