"""Dash-free view models: for each page, a pure function from (request context, page state) to plain data that
the page's callbacks map to their outputs by name. Unit-testable without a browser."""
