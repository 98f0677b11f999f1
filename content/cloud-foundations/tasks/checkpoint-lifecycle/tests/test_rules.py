from functools import lru_cache

import boto3
from moto import mock_aws

from solution import lifecycle_configuration


@lru_cache(maxsize=None)
def applied_rules(keep_checkpoint_days):
    """Put the configuration on a bucket in mocked S3 and read back what S3 stored (once per value)."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="ml-training")
        s3.put_bucket_lifecycle_configuration(
            Bucket="ml-training", LifecycleConfiguration=lifecycle_configuration(keep_checkpoint_days)
        )
        return s3.get_bucket_lifecycle_configuration(Bucket="ml-training")["Rules"]


def prefix_of(rule):
    flt = rule.get("Filter", {})
    assert set(flt) <= {"Prefix"}, f"rule {rule.get('ID')}: filter by prefix only, got {flt}"
    return flt.get("Prefix", rule.get("Prefix", ""))


def matching(rules, key):
    return [r for r in rules if r["Status"] == "Enabled" and key.startswith(prefix_of(r))]


def fate(rules, key, age_days):
    """Where an object of this key and age is, after S3 applied the rules: a class or "deleted"."""
    rules = matching(rules, key)
    if any(r.get("Expiration", {}).get("Days", 10**9) <= age_days for r in rules):
        return "deleted"
    moves = [t for r in rules for t in r.get("Transitions", []) if t["Days"] <= age_days]
    return max(moves, key=lambda t: t["Days"])["StorageClass"] if moves else "STANDARD"


def abort_after(rules, key):
    days = [r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
            for r in matching(rules, key) if "AbortIncompleteMultipartUpload" in r]
    return min(days) if days else None


def test_logs_expire_after_thirty_days():
    rules = applied_rules(365)
    assert fate(rules, "logs/2026-11-01/worker-3.jsonl", 29) == "STANDARD"
    assert fate(rules, "logs/2026-11-01/worker-3.jsonl", 30) == "deleted"


def test_prefixes_end_at_the_slash():
    rules = applied_rules(365)
    assert fate(rules, "checkpoints-published/v1.pt", 400) == "STANDARD", "checkpoints-published/ is not checkpoints/"
    assert fate(rules, "logs-audit/2025.jsonl", 100) == "STANDARD", "logs-audit/ is not logs/"


def test_models_are_kept():
    rules = applied_rules(365)
    assert fate(rules, "models/final.safetensors", 1000) == "STANDARD"


def test_the_retention_is_a_parameter():
    rules = applied_rules(200)
    assert fate(rules, "checkpoints/step-1.pt", 199) == "GLACIER"
    assert fate(rules, "checkpoints/step-1.pt", 200) == "deleted"


def test_too_short_a_retention_raises_value_error():
    for days in (179, 90, 0):
        try:
            lifecycle_configuration(days)
        except ValueError:
            continue
        assert False, f"lifecycle_configuration({days}) should raise ValueError"
    lifecycle_configuration(180)


def test_rules_that_s3_would_accept():
    rules = applied_rules(365)
    ids = [r.get("ID") for r in rules]
    assert all(ids) and len(set(ids)) == len(ids), f"each rule needs its own ID, got {ids}"
    for rule in rules:
        for t in rule.get("Transitions", []):
            if t["StorageClass"] in ("STANDARD_IA", "ONEZONE_IA"):
                assert t["Days"] >= 30, "S3 moves objects to an IA class 30 days after creation at the earliest"
        if "Expiration" in rule and rule.get("Transitions"):
            last = max(t["Days"] for t in rule["Transitions"])
            assert rule["Expiration"]["Days"] > last, "expiry must come after the last transition"
