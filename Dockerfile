# Marsad app image: the dashboard under gunicorn. With no MARSAD_DATABASE_URL it runs its own embedded
# PostGIS cluster in /var/lib/marsad (mount a volume there to keep it).
FROM debian:bookworm-slim
ENV DEBIAN_FRONTEND=noninteractive MARSAD_DATA_DIR=/var/lib/marsad MARSAD_HOST=0.0.0.0 \
    UV_PROJECT_ENVIRONMENT=/opt/marsad/.venv PATH=/opt/marsad/.venv/bin:$PATH
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends postgresql-15 postgresql-15-postgis-3 python3 python3-venv \
      fonts-noto-core ca-certificates chromium libpango-1.0-0 libpangoft2-1.0-0 \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/uv && /opt/uv/bin/pip install --quiet uv
WORKDIR /opt/marsad
COPY pyproject.toml uv.lock README.md ./
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project
COPY marsad ./marsad
RUN /opt/uv/bin/uv sync --frozen --no-dev && mkdir -p /var/lib/marsad && chmod 711 /var/lib/marsad
EXPOSE 8050
CMD ["sh", "-c", "marsad db up && marsad demo --if-empty && exec gunicorn -c python:marsad.gunicorn_conf marsad.app:server"]
