def training_policy(bucket):
    """The IAM policy a training job's role needs on `bucket`, and nothing more."""
    if not bucket or "/" in bucket or "*" in bucket:
        raise ValueError(f"not a bucket name: {bucket!r}")
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ListTheBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {
                "Sid": "ReadDataAndCheckpoints",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": [f"{arn}/datasets/*", f"{arn}/checkpoints/*"],
            },
            {
                "Sid": "WriteCheckpointsAndModels",
                "Effect": "Allow",
                "Action": "s3:PutObject",
                "Resource": [f"{arn}/checkpoints/*", f"{arn}/models/*"],
            },
        ],
    }
