"""Great Expectations suites of appfacts, built in code and run on pandas batches from DuckDB."""
