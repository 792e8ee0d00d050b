"""Alerts: finding a center that falls (detect.py) and measuring how well it is found (evaluate.py)."""
