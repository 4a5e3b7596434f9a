"""Dagster assets of appfacts (thin: they call warehouse/, expectations/ and extraction/)."""
