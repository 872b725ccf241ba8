"""The data model: plans, indicators, targets, periods and regions, as frozen dataclasses."""
