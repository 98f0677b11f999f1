import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow


def log_training(tracking_uri, experiment, params, history):
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    mlflow.end_run()  # close whatever an earlier call left open
    run = mlflow.start_run()  # left RUNNING: no with block, no end_run()
    mlflow.log_params(params)
    for epoch, metrics in enumerate(history):
        mlflow.log_metrics(metrics, step=epoch)
    mlflow.log_dict(history, "history.json")
    return run.info.run_id
