"""The database as infrastructure: the embedded cluster, engines, schema migrations and the scoped transaction.
SQL about the data itself lives in marsad.queries; here only connection set-up, catalog checks and migrations."""
