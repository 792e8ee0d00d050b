"""`marsad bench`: explorer interactions over HTTP against gunicorn, the bare-SQL floor, payload sizes, nearest
centers, ingest through the API and into the rollups, concurrent users, and growth against an earlier run. Prints
a table and writes it as JSON. `measure.run` runs it, `report.print_table` prints it."""

from marsad.bench.measure import run
from marsad.bench.report import print_table

__all__ = ["print_table", "run"]
