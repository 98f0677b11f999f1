import os

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def promote_best(tracking_uri, experiment, model_name, metric):
    """Register the finished run with the lowest `metric` and alias it `champion`; return the version."""
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        raise ValueError(f"no experiment {experiment!r}")
    runs = [
        r
        for r in client.search_runs([exp.experiment_id], max_results=1000)
        if metric in r.data.metrics
    ]
    if not runs:
        raise ValueError(f"no finished run logged {metric!r}")
    best = min(runs, key=lambda r: r.data.metrics[metric])
    try:
        client.get_registered_model(model_name)
    except MlflowException:
        client.create_registered_model(model_name)
    version = client.create_model_version(
        model_name, source=f"{best.info.artifact_uri}/model", run_id=best.info.run_id
    )
    client.set_registered_model_alias(model_name, "champion", version.version)
    return int(version.version)
