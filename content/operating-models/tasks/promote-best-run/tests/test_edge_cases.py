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


def test_a_failed_run_is_never_promoted():
    uri, ids = store_with([
        ("FINISHED", {"val_loss": 0.40}),
        ("FAILED", {"val_loss": 0.05}),
        ("KILLED", {"val_loss": 0.10}),
        ("FINISHED", {"val_loss": 0.35}),
    ])
    promote_best(uri, "nightly", "fraud", "val_loss")
    assert champion(uri, "fraud").run_id == ids[3]


def test_runs_without_the_metric_are_skipped():
    uri, ids = store_with([
        ("FINISHED", {}),
        ("FINISHED", {"accuracy": 0.99}),
        ("FINISHED", {"val_loss": 0.8}),
    ])
    promote_best(uri, "nightly", "fraud", "val_loss")
    assert champion(uri, "fraud").run_id == ids[2]


def test_the_second_night_adds_version_two_and_moves_the_alias():
    uri, ids = store_with([("FINISHED", {"val_loss": 0.5})])
    assert promote_best(uri, "nightly", "ranker", "val_loss") == 1
    client = MlflowClient(uri)
    exp = client.get_experiment_by_name("nightly")
    run = client.create_run(exp.experiment_id)
    client.log_metric(run.info.run_id, "val_loss", 0.2)
    client.set_terminated(run.info.run_id, "FINISHED")
    assert promote_best(uri, "nightly", "ranker", "val_loss") == 2
    mv = champion(uri, "ranker")
    assert str(mv.version) == "2" and mv.run_id == run.info.run_id


def test_the_metric_name_is_a_parameter():
    uri, ids = store_with([
        ("FINISHED", {"val_loss": 0.3, "p95_latency_ms": 80.0}),
        ("FINISHED", {"val_loss": 0.4, "p95_latency_ms": 45.0}),
    ])
    promote_best(uri, "nightly", "fast", "p95_latency_ms")
    assert champion(uri, "fast").run_id == ids[1]


def test_a_missing_experiment_raises_value_error():
    uri, _ = store_with([("FINISHED", {"val_loss": 0.3})])
    try:
        promote_best(uri, "no-such-experiment", "churn", "val_loss")
    except ValueError:
        pass
    else:
        raise AssertionError("expected ValueError")
