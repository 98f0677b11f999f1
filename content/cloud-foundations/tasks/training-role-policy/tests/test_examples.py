import json

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws, settings

from solution import training_policy

BUCKET = "ml-team-training"


class Trainer:
    """An IAM user holding only the learner's policy, talking to a mocked S3 that enforces IAM."""

    def __init__(self, policy, bucket=BUCKET):
        self.bucket = bucket
        self.mock = mock_aws()
        self.mock.start()
        self.saved = settings.INITIAL_NO_AUTH_ACTION_COUNT
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")      # set-up runs as the admin
        admin = boto3.client("s3", region_name="us-east-1")
        for name in (bucket, "ml-team-other"):
            admin.create_bucket(Bucket=name)
            for key in ("datasets/shard-000.tar", "datasets-old/shard-000.tar", "checkpoints/step-100.pt"):
                admin.put_object(Bucket=name, Key=key, Body=b"0123456789")
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="trainer")
        arn = iam.create_policy(PolicyName="training", PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
        iam.attach_user_policy(UserName="trainer", PolicyArn=arn)
        key = iam.create_access_key(UserName="trainer")["AccessKey"]
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0                 # from here on, IAM decides
        self.s3 = boto3.client(
            "s3", region_name="us-east-1",
            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        settings.INITIAL_NO_AUTH_ACTION_COUNT = self.saved
        self.mock.stop()

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
