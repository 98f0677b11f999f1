def training_policy(bucket):
    """The IAM policy a training job's role needs on `bucket`, and nothing more."""
    # This works, which is the problem: it allows every S3 action on every bucket.
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        ],
    }
