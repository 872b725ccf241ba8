"""Reading and validating the analysts' files: plans, outcomes, assessments, the data tree and importers."""
