"""Demo data: generated outcomes and assessments for the demo organisations, marked as generated."""
