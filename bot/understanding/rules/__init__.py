"""The rules understanding is certain of: intents whose wording leaves no doubt, and safeguarding indicators."""
