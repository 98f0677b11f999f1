import json
import uuid

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws, settings

from solution import training_policy

BUCKET = "ml-team-training"
_MOCK = None
_TRAINERS = {}


class Trainer:
    """An IAM user holding only the learner's policy, talking to a mocked S3 that enforces IAM.

    One mock serves the whole file; each distinct policy gets its own user, made once.
    """

    def __new__(cls, policy, bucket=BUCKET):
        key = (json.dumps(policy, sort_keys=True), bucket)
        if key not in _TRAINERS:
            trainer = super().__new__(cls)
            trainer._set_up(policy, bucket, len(_TRAINERS))
            _TRAINERS[key] = trainer
        return _TRAINERS[key]

    def _set_up(self, policy, bucket, number):
        global _MOCK
        if _MOCK is None:
            _MOCK = mock_aws()
            _MOCK.start()
        self.bucket = bucket
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")      # set-up runs as the admin
        try:
            admin = boto3.client("s3", region_name="us-east-1")
            existing = {b["Name"] for b in admin.list_buckets()["Buckets"]}
            for name in (bucket, "ml-team-other"):
                if name in existing:
                    continue
                admin.create_bucket(Bucket=name)
                for key in ("datasets/shard-000.tar", "datasets-old/shard-000.tar", "checkpoints/step-100.pt"):
                    admin.put_object(Bucket=name, Key=key, Body=b"0123456789")
            iam = boto3.client("iam", region_name="us-east-1")
            user = f"trainer-{uuid.uuid4().hex[:12]}"
            iam.create_user(UserName=user)
            arn = iam.create_policy(PolicyName=f"{user}-policy", PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
            iam.attach_user_policy(UserName=user, PolicyArn=arn)
            key = iam.create_access_key(UserName=user)["AccessKey"]
        finally:
            settings.INITIAL_NO_AUTH_ACTION_COUNT = 0             # from here on, IAM decides
        self.s3 = boto3.client(
            "s3", region_name="us-east-1",
            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
        )

    def __init__(self, policy, bucket=BUCKET):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def allowed(self, call, **kwargs):
        try:
            getattr(self.s3, call)(**kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] == "AccessDenied":
                return False
            raise
        return True


def test_it_resumes_from_a_checkpoint_and_saves_the_model():
    with Trainer(training_policy(BUCKET)) as t:
        assert t.allowed("get_object", Bucket=BUCKET, Key="checkpoints/step-100.pt")
        assert t.allowed("put_object", Bucket=BUCKET, Key="models/final.safetensors", Body=b"m")
        assert t.allowed("create_multipart_upload", Bucket=BUCKET, Key="checkpoints/step-300.pt")


def test_the_data_set_is_read_only():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("put_object", Bucket=BUCKET, Key="datasets/shard-000.tar", Body=b"x")


def test_nothing_can_be_deleted():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("delete_object", Bucket=BUCKET, Key="checkpoints/step-100.pt")
        assert not t.allowed("delete_object", Bucket=BUCKET, Key="datasets/shard-000.tar")


def test_prefixes_end_at_the_slash():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("get_object", Bucket=BUCKET, Key="datasets-old/shard-000.tar")


def test_the_bucket_settings_are_out_of_reach():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("put_bucket_policy", Bucket=BUCKET, Policy=json.dumps(training_policy(BUCKET)))
        assert not t.allowed("delete_bucket", Bucket=BUCKET)


def test_other_buckets_stay_closed():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("list_objects_v2", Bucket="ml-team-other")
        assert not t.allowed("put_object", Bucket="ml-team-other", Key="checkpoints/x.pt", Body=b"x")


def test_the_bucket_name_is_a_parameter():
    with Trainer(training_policy("vision-runs-eu"), bucket="vision-runs-eu") as t:
        assert t.allowed("get_object", Bucket="vision-runs-eu", Key="datasets/shard-000.tar")
        assert not t.allowed("get_object", Bucket="ml-team-other", Key="datasets/shard-000.tar")


def test_no_wildcard_actions():
    for statement in training_policy(BUCKET)["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert all("*" not in action for action in actions), f"name each action: {actions}"


def test_bad_bucket_names_raise_value_error():
    for bad in ("", "ml/team", "*"):
        try:
            training_policy(bad)
        except ValueError:
            continue
        assert False, f"training_policy({bad!r}) should raise ValueError"
