import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow


def log_training(tracking_uri, experiment, params, history):
    """Log params, per-epoch metrics and history.json to a finished MLflow run; return its id."""
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        for epoch, metrics in enumerate(history):
            mlflow.log_metrics(metrics, step=epoch)
        mlflow.log_dict(history, "history.json")
    return run.info.run_id
