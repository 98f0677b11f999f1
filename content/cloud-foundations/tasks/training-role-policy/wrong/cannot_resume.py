def training_policy(bucket):
    """Write-only checkpoints: the job saves them but cannot read one back to resume."""
    if not bucket or "/" in bucket or "*" in bucket:
        raise ValueError(f"not a bucket name: {bucket!r}")
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{arn}/datasets/*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": [f"{arn}/checkpoints/*", f"{arn}/models/*"]},
        ],
    }
