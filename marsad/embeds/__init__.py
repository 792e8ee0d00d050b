"""Embeds: a view shown in another page through a signed link that never sees more than its issuer may (their Dash
app is dashboard/embedded.py)."""
