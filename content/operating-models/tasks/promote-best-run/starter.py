import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def promote_best(tracking_uri, experiment, model_name, metric):
    """Register the finished run with the lowest `metric` and alias it `champion`; return the version."""
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    runs = client.search_runs([exp.experiment_id])
    raise NotImplementedError
