def training_policy(bucket):
    """Read and write anywhere in the bucket: the data set is no longer read-only."""
    if not bucket or "/" in bucket or "*" in bucket:
        raise ValueError(f"not a bucket name: {bucket!r}")
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"{arn}/*"},
        ],
    }
