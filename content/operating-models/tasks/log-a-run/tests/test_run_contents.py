import json
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

PARAMS = {"learning_rate": 0.01, "epochs": 4}
HISTORY = [
    {"train_loss": 1.0, "val_loss": 1.1, "accuracy": 0.50},
    {"train_loss": 0.7, "val_loss": 0.8, "accuracy": 0.61},
    {"train_loss": 0.5, "val_loss": 0.9, "accuracy": 0.64},
    {"train_loss": 0.4, "val_loss": 1.0, "accuracy": 0.66},
]


def test_every_epoch_is_a_step_of_the_curve():
    uri = fresh_store()
    run_id = log_training(uri, "curves", PARAMS, HISTORY)
    c = client(uri)
    for key in ("train_loss", "val_loss", "accuracy"):
        points = sorted((m.step, m.value) for m in c.get_metric_history(run_id, key))
        assert points == [(epoch, h[key]) for epoch, h in enumerate(HISTORY)], key


def test_the_run_is_finished():
    uri = fresh_store()
    run_id = log_training(uri, "curves", PARAMS, HISTORY)
    assert client(uri).get_run(run_id).info.status == "FINISHED"


def test_history_json_is_an_artifact():
    uri = fresh_store()
    run_id = log_training(uri, "curves", PARAMS, HISTORY)
    c = client(uri)
    assert "history.json" in [a.path for a in c.list_artifacts(run_id)]
    path = c.download_artifacts(run_id, "history.json")
    with open(path) as f:
        assert json.load(f) == HISTORY


def test_two_runs_in_one_process_stay_apart():
    uri = fresh_store()
    first = log_training(uri, "repeat", {"seed": 1}, HISTORY[:2])
    second = log_training(uri, "repeat", {"seed": 2}, HISTORY[:3])
    c = client(uri)
    assert first != second
    assert c.get_run(first).data.params == {"seed": "1"}
    assert c.get_run(second).data.params == {"seed": "2"}
    assert len(c.get_metric_history(second, "val_loss")) == 3


def test_an_experiment_in_another_store_is_used():
    first_store, second_store = fresh_store(), fresh_store()
    log_training(first_store, "a", {"x": 1}, HISTORY[:1])
    run_id = log_training(second_store, "b", {"x": 2}, HISTORY[:1])
    c = client(second_store)
    assert c.get_run(run_id).data.params == {"x": "2"}
    assert c.get_experiment_by_name("a") is None
