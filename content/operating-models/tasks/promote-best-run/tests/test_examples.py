import os
import tempfile

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient

from solution import promote_best


def store_with(runs, experiment="nightly"):
    """A new file store holding one run per (status, metrics) pair; returns (uri, run ids)."""
    uri = "file:" + tempfile.mkdtemp(prefix="mlruns-", dir=os.getcwd())
    client = MlflowClient(uri)
    exp_id = client.create_experiment(experiment)
    ids = []
    for status, metrics in runs:
        run = client.create_run(exp_id)
        for key, value in metrics.items():
            client.log_metric(run.info.run_id, key, value)
        client.set_terminated(run.info.run_id, status)
        ids.append(run.info.run_id)
    return uri, ids


def champion(uri, name):
    return MlflowClient(uri).get_model_version_by_alias(name, "champion")


def test_the_lowest_loss_becomes_champion():
    uri, ids = store_with([
        ("FINISHED", {"val_loss": 0.42}),
        ("FINISHED", {"val_loss": 0.31}),
        ("FINISHED", {"val_loss": 0.55}),
    ])
    version = promote_best(uri, "nightly", "churn", "val_loss")
    assert version == 1
    mv = champion(uri, "churn")
    assert mv.run_id == ids[1], "the champion should be the run with val_loss 0.31"
    assert mv.source.endswith(f"{ids[1]}/artifacts/model")


def test_no_qualifying_run_raises_value_error():
    uri, _ = store_with([("FINISHED", {"accuracy": 0.9})])
    try:
        promote_best(uri, "nightly", "churn", "val_loss")
    except ValueError:
        pass
    else:
        raise AssertionError("no run logged val_loss: expected ValueError")
