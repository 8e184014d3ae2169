"""Verdicts leaving the workbench. The CSV export lives in `claims.csv_export`."""
