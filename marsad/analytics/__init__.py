"""Scoped numbers as pages, the API and reports publish them: query results (marsad.queries) put through the
formulas of marsad.scores. Every function takes the request's Context, whose scope limits every read."""
