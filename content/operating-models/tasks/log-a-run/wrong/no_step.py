import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow


def log_training(tracking_uri, experiment, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        for metrics in history:
            mlflow.log_metrics(metrics)  # every point lands on step 0
        mlflow.log_dict(history, "history.json")
    return run.info.run_id
