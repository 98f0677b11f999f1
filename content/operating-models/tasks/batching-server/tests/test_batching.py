import json


def batches():
    with open("batches.json") as f:
        found = json.load(f)
    assert isinstance(found, list) and all(isinstance(b, dict) for b in found), found
    return found


def test_every_request_is_in_exactly_one_batch():
    assert sum(b["size"] for b in batches()) == 30


def test_no_batch_is_larger_than_max_batch():
    sizes = [b["size"] for b in batches()]
    assert all(1 <= s <= 8 for s in sizes), sizes


def test_requests_that_arrive_together_share_a_forward_pass():
    # 30 requests sent in bursts of 10: a batcher needs at least 4 passes and, however the
    # bursts interleave, far fewer than one pass per request
    assert 4 <= len(batches()) <= 12, [b["size"] for b in batches()]


def test_each_batch_records_its_wait():
    waits = [b["waited"] for b in batches()]
    assert all(isinstance(w, float) and 0 <= w < 2 for w in waits), waits
