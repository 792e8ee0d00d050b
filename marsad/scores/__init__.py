"""Every formula behind a published number, pure (no database, no Dash), called alike by pages, the API and
reports: `bayes` (Bayesian average, 95% interval, Wilson bound, rank), `ranking` (ranking rows of score
counts, the sector comparison, the method text), `nearness` (the citizens' near-me blend)."""
