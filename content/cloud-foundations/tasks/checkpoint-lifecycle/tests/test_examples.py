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


def test_checkpoints_cool_down_then_expire():
    rules = applied_rules(365)
    expected = {10: "STANDARD", 45: "STANDARD_IA", 120: "GLACIER", 364: "GLACIER", 365: "deleted"}
    got = {age: fate(rules, "checkpoints/run-7/step-1000.pt", age) for age in expected}
    assert got == expected, f"a checkpoint by age in days: {got}"


def test_the_data_set_stays_where_it_is():
    rules = applied_rules(365)
    assert fate(rules, "datasets/shard-00042.tar", 1000) == "STANDARD"


def test_incomplete_uploads_are_aborted_anywhere():
    rules = applied_rules(365)
    for key in ("checkpoints/run-7/step-2000.pt", "datasets/shard-00043.tar"):
        assert abort_after(rules, key) == 7, f"an unfinished upload of {key} should be aborted after 7 days"
