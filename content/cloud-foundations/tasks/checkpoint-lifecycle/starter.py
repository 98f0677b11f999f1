def lifecycle_configuration(keep_checkpoint_days):
    """The LifecycleConfiguration for a training bucket (see the task)."""
    return {
        "Rules": [
            {
                "ID": "logs-expire",
                "Status": "Enabled",
                "Filter": {"Prefix": "logs/"},
                "Expiration": {"Days": 30},
            },
            # TODO: the checkpoints rule, and one for unfinished multipart uploads
        ]
    }
