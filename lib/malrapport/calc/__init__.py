"""Calculations on the model: aggregation, status, trend, summary and building one report's figures."""
