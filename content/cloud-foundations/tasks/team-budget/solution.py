THRESHOLDS = [("ACTUAL", 50), ("ACTUAL", 80), ("ACTUAL", 100), ("FORECASTED", 100)]


def budget_request(account_id, team, monthly_usd, emails):
    """Keyword arguments for budgets.create_budget: the team's monthly cost budget and alerts."""
    if not team or "$" in team or ":" in team:
        raise ValueError(f"not a usable team tag value: {team!r}")
    if monthly_usd <= 0:
        raise ValueError("the budget must be positive")
    if not 1 <= len(emails) <= 10:
        raise ValueError("a notification takes 1 to 10 email subscribers")
    subscribers = [{"SubscriptionType": "EMAIL", "Address": address} for address in emails]
    return {
        "AccountId": account_id,
        "Budget": {
            "BudgetName": f"{team}-monthly",
            "BudgetLimit": {"Amount": str(monthly_usd), "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
            "CostFilters": {"TagKeyValue": [f"user:team${team}"]},
        },
        "NotificationsWithSubscribers": [
            {
                "Notification": {
                    "NotificationType": kind,
                    "ComparisonOperator": "GREATER_THAN",
                    "Threshold": percent,
                    "ThresholdType": "PERCENTAGE",
                },
                "Subscribers": subscribers,
            }
            for kind, percent in THRESHOLDS
        ],
    }
