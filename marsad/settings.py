"""All runtime settings, read from MARSAD_* environment variables (never at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # an empty variable is an unset one: MARSAD_DATA_DIR="" once put a database cluster in the working directory
    model_config = SettingsConfigDict(env_prefix="MARSAD_", extra="ignore", env_ignore_empty=True)

    database_url: str | None = Field(
        None, description="SQLAlchemy URL of a PostGIS database; unset = embedded private cluster in data_dir"
    )
    data_dir: Path = Field(Path(".marsad"), description="where the embedded cluster and the local secret live")
    database_replica_urls: str = Field(
        "", description="read replicas (streaming standbys of the database), comma-separated; unset = none"
    )
    replica_max_lag: float = Field(5.0, gt=0, description="seconds behind the primary after which a replica is skipped")
    replica_check_seconds: float = Field(2.0, gt=0, description="how often a replica's health and replay are read")
    redis_url: str | None = Field(None, description="shared cache; unset = in-process cache")
    proxies: int = Field(
        0, ge=0, le=5, description="reverse proxies in front that set X-Forwarded-For (deploy/haproxy.cfg: 1); 0 = none"
    )
    secret_key: SecretStr | None = Field(None, description="session signing key; unset = one kept in data_dir")
    tile_url: str | None = Field(None, description="online tile server template; unset = offline basemap")
    tile_attribution: str = ""
    country: str = Field(
        "SA", pattern=r"^[A-Z]{2}$", description="the country profile (marsad/countries/<code>.json): SA, JO, BH, …"
    )
    default_lang: Literal["ar", "en"] = "ar"
    calendar: Literal["gregorian", "hijri", "both"] = Field(
        "gregorian", description="dates shown in the Gregorian or Umm al-Qura calendar, or both (each user can switch)"
    )
    cache_timeout: int = 300
    max_map_centers: int = Field(2500, ge=1, description="above this many centers in a view, the map asks to zoom in")
    api_key_requests_per_minute: int = Field(600, ge=1, description="requests a minute one API key may make")
    api_key_max_days: int = Field(365, ge=1, description="the longest an API key may live")
    max_export_rows: int = Field(100_000, ge=1, description="the most rows one CSV or Excel export may hold")
    min_public_ratings: int = Field(5, ge=1, description="below this many ratings, public views show no score")
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    # security headers (marsad/security.py)
    frame_ancestors: str = Field(
        "'none'", description="CSP frame-ancestors: who may show Marsad in a frame ('none', 'self', or host sources)"
    )
    embed_frame_ancestors: str = Field(
        "'self'", description="CSP frame-ancestors of embedded views (/embed/): the hosts that may frame them"
    )
    embed_max_days: int = Field(365, ge=1, description="the longest an embed link may live")
    plan_days: int = Field(100, ge=7, le=730, description="an improvement plan's length, in days")
    axis_threshold: float = Field(
        0.6, gt=0, lt=1, description="an axis (criterion) at or below this share of the top score raises an alert"
    )
    public_url: str | None = Field(
        None, description="the address officials open Marsad at (https://…), for links in e-mails; unset = no link"
    )
    smtp_host: str | None = Field(None, description="SMTP server for reports and alerts; unset = inbox only")
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = Field(False, description="upgrade the SMTP connection with STARTTLS")
    smtp_from: str = Field("marsad@localhost", description="the From address of reports and alerts")
    secure_cookies: bool = Field(False, description="mark cookies Secure: set it when Marsad is served over HTTPS")
    # citizens: rating with a mobile number confirmed by a one-time code
    rater_key: SecretStr | None = Field(None, description="HMAC key for mobile numbers; unset = one kept in data_dir")
    sms_sender: Literal["log", "http"] = Field("log", description="log = write codes to the server log (development)")
    sms_gateway_url: str | None = Field(None, description="the SMS gateway endpoint (sms_sender=http)")
    sms_gateway_token: SecretStr | None = None
    otp_ttl_seconds: int = Field(300, ge=30)
    otp_max_attempts: int = Field(3, ge=1, description="wrong guesses a code's challenge takes")
    token_ttl_hours: int = Field(24 * 30, ge=1)
    ratings_per_hour_per_number: int = Field(20, ge=1)
    requests_per_hour_per_address: int = Field(300, ge=1)
    codes_per_hour_per_number: int = Field(5, ge=1, description="except at addresses the number signed in from")
    codes_per_hour_per_number_and_address: int = Field(3, ge=1)
    wrong_codes_per_day_per_number: int = Field(20, ge=1, description="except at addresses the number signed in from")
    warm_public_figures: bool = Field(True, description="compute the public figures at start, in the background")
    fold_interval: float = Field(1.0, ge=0, description="seconds between rollup folds of new ratings; 0 = off")
    plan_log: Path | None = Field(
        None, description="a file: every statement's plan is logged there (marsad bench --indexes; never in production)"
    )
    # single sign-on (OIDC); basic auth against the official table when oidc_metadata_url is unset
    oidc_metadata_url: str | None = Field(None, description="the identity provider's .well-known URL")
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_groups_claim: str = "groups"
    oidc_group_prefix: str = "marsad:"

    def replica_urls(self) -> list[str]:
        return [u.strip() for u in self.database_replica_urls.split(",") if u.strip()]
