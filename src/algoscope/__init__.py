"""Algoscope: show, govern and answer for the algorithms public administrations use."""

__version__ = "0.1.0"
