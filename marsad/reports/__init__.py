"""Reports: what each kind holds (content.py), its periods (periods.py), its charts (charts.py, SVG) and the PDF
and HTML it is written as (render.py); each built for one recipient's jurisdiction from the pages' own reads."""
