"""Alembic environment: runs on the connection handed in by marsad.db.schema.migrate."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
