"""Presentation: output bundles, charts, tables, figures export and the report's sections."""
