"""The learned parts: the intent classifier and the safeguarding detector, each trained once and cached on disk."""
