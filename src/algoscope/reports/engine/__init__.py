"""The reports' pure core: periods, scopes, multilingual texts in a snapshot, figures and their comparison."""
