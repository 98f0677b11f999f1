def lifecycle_configuration(keep_checkpoint_days):
    """The LifecycleConfiguration for a training bucket (see the task)."""
    return {
        "Rules": [
            {
                "ID": "checkpoints-cool-down-then-expire",
                "Status": "Enabled",
                "Filter": {"Prefix": "checkpoints/"},
                "Transitions": [
                    {"Days": 30, "StorageClass": "STANDARD_IA"},
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
