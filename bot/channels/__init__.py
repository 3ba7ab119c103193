"""Channel adapters (Teams, Slack, web chat) and the contract they share for sending."""
