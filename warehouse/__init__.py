"""The DuckDB event store of appfacts (no Dagster here)."""
