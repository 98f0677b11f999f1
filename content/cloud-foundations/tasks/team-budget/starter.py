def budget_request(account_id, team, monthly_usd, emails):
    """Keyword arguments for budgets.create_budget: the team's monthly cost budget and alerts."""
    return {
        "AccountId": account_id,
        "Budget": {
            "BudgetName": f"{team}-monthly",
            "BudgetLimit": {"Amount": str(monthly_usd), "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
        },
        "NotificationsWithSubscribers": [
            # TODO: alerts at 50, 80 and 100 % of actual spend and 100 % of forecast spend
        ],
    }
