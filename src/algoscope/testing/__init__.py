"""Test support that ships with the package: a throw-away PostgreSQL cluster and its pytest plugin."""
