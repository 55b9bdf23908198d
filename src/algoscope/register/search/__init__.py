"""Full-text search of the register: one interface, two backends (SQLite FTS5, PostgreSQL tsvector).

``text`` (pure) normalises, stems and highlights; ``documents`` (pure) turns a published version into one search
document per language; ``backends`` stores and queries them in the database in use.
"""
