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


def test_only_the_teams_tagged_costs_count():
    budget, _ = created(budget_request(ACCOUNT, "vision", 2500, ["ml-leads@example.com"]))
    assert budget.get("CostFilters") == {"TagKeyValue": ["user:team$vision"]}


def test_another_team_and_amount():
    budget, alerts = created(budget_request(ACCOUNT, "speech", 1234.5, ["a@example.com"]))
    assert budget["BudgetName"] == "speech-monthly"
    assert float(budget["BudgetLimit"]["Amount"]) == 1234.5
    assert budget["CostFilters"] == {"TagKeyValue": ["user:team$speech"]}
    assert len(alerts) == 4


def test_the_forecast_alert_is_a_percentage_of_the_budget():
    _, alerts = created(budget_request(ACCOUNT, "speech", 800, ["a@example.com"]))
    forecast = [a for a in alerts if a[0] == "FORECASTED"]
    assert forecast == [("FORECASTED", 100.0, "PERCENTAGE", "GREATER_THAN")]


def test_every_alert_reaches_every_address():
    emails = ["a@example.com", "b@example.com", "c@example.com"]
    request = budget_request(ACCOUNT, "vision", 2500, emails)
    for entry in request["NotificationsWithSubscribers"]:
        subscribers = sorted((s["SubscriptionType"], s["Address"]) for s in entry["Subscribers"])
        assert subscribers == [("EMAIL", e) for e in emails]


def test_the_account_is_the_one_given():
    request = budget_request("210987654321", "vision", 100, ["a@example.com"])
    assert request["AccountId"] == "210987654321"


def test_bad_arguments_raise_value_error():
    cases = [
        ("", 100, ["a@example.com"]),
        ("vi$ion", 100, ["a@example.com"]),
        ("vision", 0, ["a@example.com"]),
        ("vision", -5, ["a@example.com"]),
        ("vision", 100, []),
        ("vision", 100, [f"u{i}@example.com" for i in range(11)]),
    ]
    for team, usd, emails in cases:
        try:
            budget_request(ACCOUNT, team, usd, emails)
        except ValueError:
            continue
        assert False, f"budget_request({team!r}, {usd}, {len(emails)} emails) should raise ValueError"
