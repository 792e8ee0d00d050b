"""SQL, and nothing else: builders returning (sql, params) and the runners that execute them. Every read
takes the jurisdiction as the required keyword argument `scope` (marsad.jurisdiction.Scope)."""
