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


def test_the_policy_is_a_valid_iam_document():
    policy = training_policy(BUCKET)
    with Trainer(policy):
        pass   # create_policy in the mocked IAM rejects malformed documents


def test_the_job_reads_its_data_and_writes_checkpoints():
    with Trainer(training_policy(BUCKET)) as t:
        assert t.allowed("list_objects_v2", Bucket=BUCKET, Prefix="datasets/"), "listing the bucket was denied"
        assert t.allowed("get_object", Bucket=BUCKET, Key="datasets/shard-000.tar"), "reading a data set was denied"
        assert t.allowed("put_object", Bucket=BUCKET, Key="checkpoints/step-200.pt", Body=b"w"), "writing a checkpoint was denied"


def test_the_job_cannot_touch_another_bucket():
    with Trainer(training_policy(BUCKET)) as t:
        assert not t.allowed("get_object", Bucket="ml-team-other", Key="datasets/shard-000.tar"), "another bucket is readable"
