"""Django's SQLite backend, able to serve a read-only database (see ``base``)."""
