"""Citizens' panels: pools of respondents, quotas and fair, verifiable random selection."""
