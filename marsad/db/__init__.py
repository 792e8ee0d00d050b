"""The database as infrastructure: the embedded cluster, engines, schema migrations, the scoped transaction
and the worker that folds new ratings into the rollups. SQL about the data itself lives in marsad.queries."""
