"""The bias-audit engine. Pure Python (polars, numpy): no Django.

A decisions file (CSV or Parquet) is reduced in one streaming pass to a **counts table**: one row per
group × actual outcome × decision (× period), with the number of people. Every metric, interval, disparity and
test is then computed from that table (``metrics.py``, ``stats.py``, ``bootstrap.py``); the counts table is what
an audit keeps.
"""
