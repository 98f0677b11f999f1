def training_policy(bucket):
    """Right prefixes, but s3:* on them: the job can delete its own data set."""
    if not bucket or "/" in bucket or "*" in bucket:
        raise ValueError(f"not a bucket name: {bucket!r}")
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {"Effect": "Allow", "Action": "s3:*",
             "Resource": [f"{arn}/datasets/*", f"{arn}/checkpoints/*", f"{arn}/models/*"]},
        ],
    }
