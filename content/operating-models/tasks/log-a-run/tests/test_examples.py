import os
import tempfile

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

from mlflow import MlflowClient


def fresh_store():
    """A new, empty file store in the working folder, as a file: URI."""
    folder = tempfile.mkdtemp(prefix="mlruns-", dir=os.getcwd())
    return "file:" + folder


def client(uri):
    return MlflowClient(tracking_uri=uri)

from solution import log_training

PARAMS = {"learning_rate": 0.001, "batch_size": 64, "optimizer": "adamw"}
HISTORY = [
    {"train_loss": 0.92, "val_loss": 0.95},
    {"train_loss": 0.61, "val_loss": 0.70},
    {"train_loss": 0.44, "val_loss": 0.58},
]


def test_the_run_is_in_the_experiment_with_its_params():
    uri = fresh_store()
    run_id = log_training(uri, "churn-model", PARAMS, HISTORY)
    c = client(uri)
    experiment = c.get_experiment_by_name("churn-model")
    assert experiment is not None, "no experiment named 'churn-model' in the store"
    run = c.get_run(run_id)
    assert run.info.experiment_id == experiment.experiment_id
    # MLflow stores parameters as strings
    assert run.data.params == {"learning_rate": "0.001", "batch_size": "64", "optimizer": "adamw"}


def test_the_last_metric_values():
    uri = fresh_store()
    run = client(uri).get_run(log_training(uri, "churn-model", PARAMS, HISTORY))
    assert run.data.metrics == {"train_loss": 0.44, "val_loss": 0.58}
