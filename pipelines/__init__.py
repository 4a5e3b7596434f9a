"""Dagster definitions and the `appfacts` command line."""
