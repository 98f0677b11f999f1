def training_policy(bucket):
    """Prefixes without their slash: datasets* also matches datasets-old/."""
    if not bucket or "/" in bucket or "*" in bucket:
        raise ValueError(f"not a bucket name: {bucket!r}")
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": [f"{arn}/datasets*", f"{arn}/checkpoints*"]},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": [f"{arn}/checkpoints*", f"{arn}/models*"]},
        ],
    }
