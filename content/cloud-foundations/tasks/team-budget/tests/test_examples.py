import boto3
from moto import mock_aws

from solution import budget_request

ACCOUNT = "123456789012"


def created(request):
    """Send the request to the mocked AWS Budgets API and read the budget back."""
    with mock_aws():
        client = boto3.client("budgets", region_name="us-east-1")
        client.create_budget(**request)
        name = request["Budget"]["BudgetName"]
        budget = client.describe_budget(AccountId=ACCOUNT, BudgetName=name)["Budget"]
        notes = client.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name)["Notifications"]
    alerts = sorted((n["NotificationType"], float(n["Threshold"]), n["ThresholdType"], n["ComparisonOperator"]) for n in notes)
    return budget, alerts


def test_the_budget_is_created_and_reads_back():
    budget, _ = created(budget_request(ACCOUNT, "vision", 2500, ["ml-leads@example.com"]))
    assert budget["BudgetName"] == "vision-monthly"
    assert budget["BudgetType"] == "COST" and budget["TimeUnit"] == "MONTHLY"
    assert float(budget["BudgetLimit"]["Amount"]) == 2500 and budget["BudgetLimit"]["Unit"] == "USD"


def test_four_alerts_actual_and_forecast():
    _, alerts = created(budget_request(ACCOUNT, "vision", 2500, ["ml-leads@example.com"]))
    assert alerts == [
        ("ACTUAL", 50.0, "PERCENTAGE", "GREATER_THAN"),
        ("ACTUAL", 80.0, "PERCENTAGE", "GREATER_THAN"),
        ("ACTUAL", 100.0, "PERCENTAGE", "GREATER_THAN"),
        ("FORECASTED", 100.0, "PERCENTAGE", "GREATER_THAN"),
    ], f"the budget's alerts are {alerts}"
