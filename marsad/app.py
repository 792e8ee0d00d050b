"""create_app(settings) builds the Dash app; `server` (lazy) is the WSGI app for gunicorn."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import dash
import dash_mantine_components as dmc
import flask
from dash import Dash
from flask_compress import Compress
from werkzeug.middleware.proxy_fix import ProxyFix

from marsad import context, country, dash_apps, digits, request_guard, resources, security
from marsad.analytics import public as public_figures
from marsad.api import (  # noqa: F401  (their routes go on the /api/v1 blueprint)
    alerts,
    citizens,
    cycles,
    embeds,
    index_api,
    keys,
    measurements,
    moderation,
    openapi,
    plans,
    reports,
)
from marsad.api.routes import api
from marsad.citizens import senders
from marsad.citizens.service import Citizens
from marsad.context import EXTENSION, NotSignedIn, Resources
from marsad.dashboard import (
    alerts_page,
    audit_page,
    auth,
    center_page,
    comments_page,
    compare_page,
    cycles_page,
    downloads,
    embeds_page,
    explorer,
    ids,
    moderation_page,
    plans_page,
    report_pages,
    upload_page,
)
from marsad.dashboard import embedded as embed_app
from marsad.dashboard.signin_throttle import SignInThrottle
from marsad.db import plans as plan_log
from marsad.db.engines import make_engine
from marsad.db.transactions import CITIZEN_ROLE
from marsad.fold_worker import FoldWorker
from marsad.public import app as public_app
from marsad.settings import Settings

SIGNED_OUT = """<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>Marsad</title>
<body style="font-family: sans-serif; padding: 2em"><p>تم تسجيل خروجك. <a href="/">تسجيل الدخول مرة أخرى</a></p>
<p dir="ltr">You are signed out. <a href="/">Sign in again</a></p></body></html>"""


def _in_context(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page layout as Dash calls it (path variables and query parameters), given this request's context."""

    def in_context(**kwargs: Any) -> Any:
        return layout(context.current(), **kwargs)

    return in_context


def _warm_up(server: flask.Flask, res: Resources) -> None:
    """What the first visitors would otherwise wait for, read once at start: the boundaries and catalogue every
    page draws from, then the public figures of the default period (seconds at national scale)."""
    try:
        with server.app_context():
            res.reference.area_index(), res.reference.area_shapes(), res.reference.catalog()
            public_figures.warm_up(context.public(res))
    except Exception:  # the app serves anyway; the first public request computes them
        logging.getLogger(__name__).warning("computing the public figures at start failed", exc_info=True)


def create_app(settings: Settings) -> Dash:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    country.set_default(settings.country)  # refuses a country without a profile, before anything starts
    if settings.plan_log is not None:
        plan_log.record(settings.plan_log)
    db = resources.database(settings)
    app = dash_apps.make(__name__, use_pages=True, pages_folder="")
    server = app.server
    server.secret_key = resources.secret_key(settings)
    server.config["COMPRESS_MIMETYPES"] = [  # Dash serves its scripts as text/javascript (1 MB of Mantine alone)
        "application/json", "text/html", "text/css", "application/javascript", "text/javascript"]  # fmt: skip
    server.config["COMPRESS_LEVEL"] = 1  # dynamic answers: level 6 took ~3 ms more per 300 KB for 10% fewer bytes
    Compress(server)
    if settings.proxies:  # behind deploy/haproxy.cfg: the client's address (rate limits, sign-in throttle)
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies)
    server.before_request(lambda: country.use(settings.country))  # this app's words, whatever else the process runs
    server.before_request(lambda: digits.use_latin(flask.request.cookies.get(digits.COOKIE) == "latin"))
    res = resources.make(settings, server, db)
    cache = res.cache
    server.extensions[EXTENSION] = res
    server.extensions["marsad_citizens"] = Citizens(
        settings=settings,
        engine=db.engine(CITIZEN_ROLE, pool_size=2),
        key=resources.local_secret(settings, settings.rater_key, "rater_key").encode(),
        sender=senders.from_settings(settings),
    )
    if settings.fold_interval > 0:

        def folded(n: int) -> None:
            with server.app_context():
                cache.bump_data_version()

        worker = FoldWorker(make_engine(db.url, pool_size=1), interval=settings.fold_interval, on_folded=folded)
        worker.start()
        server.extensions["marsad_fold_worker"] = worker
    server.register_blueprint(api)
    downloads.install(server)
    server.register_blueprint(report_pages.report_pages)
    mounted = {"/": app}  # the citizens' app joins below; checked before sign-in reads a request
    request_guard.install(server, mounted)
    secret = res.secret
    if settings.oidc_metadata_url:
        auth.install_oidc(app, settings, engine=res.quick_engine, cache=cache.cache)
    else:
        auth.OfficialAuth(
            app,
            engine=res.quick_engine,
            secret=secret,
            throttle=SignInThrottle(cache.cache),
            keys_per_minute=settings.api_key_requests_per_minute,
        )

    @server.get("/sign-out")
    def sign_out():
        flask.session.clear()
        # basic auth: a 401 makes the browser forget the credentials it keeps for this realm
        return flask.Response(
            SIGNED_OUT,
            status=401,
            mimetype="text/html",
            headers={"WWW-Authenticate": 'Basic realm="Marsad", charset="UTF-8"'},
        )

    @server.get("/settings/digits")
    def choose_digits():
        """The reader's digits in Arabic (?style=latin|arabic), kept for a year; back to `next` (a path here)."""
        style = flask.request.args.get("style")
        back = flask.request.args.get("next") or "/"
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"  # never elsewhere
        response = flask.redirect(back)
        if style in ("latin", "arabic"):
            response.set_cookie(digits.COOKIE, style, max_age=365 * 24 * 3600, samesite="Lax", httponly=False)
        return response

    @server.errorhandler(NotSignedIn)
    def _not_signed_in(exc):
        # a callback reached without a verified official (dash-auth lets "routing" callbacks through when
        # their pathname input names a public page): nothing is computed for it
        return flask.Response("Sign in first.", status=401, mimetype="text/plain")

    @server.errorhandler(auth.TooManyAttempts)
    def _too_many_attempts(exc):
        seconds = max(1, round(exc.retry_after))
        return flask.Response(
            f"Too many failed sign-ins. Try again in {seconds} seconds.",
            status=429,
            mimetype="text/plain",
            headers={"Retry-After": str(seconds)},
        )

    @server.errorhandler(500)
    def _server_error(exc):
        logging.getLogger(__name__).error("unhandled error on %s", flask.request.path, exc_info=exc)
        return flask.Response(
            "Something went wrong on our side; it has been logged. Try again in a moment.",
            status=500,
            mimetype="text/plain",
        )

    # callbacks belong to this app and get its resources; layouts are registered process-wide (several apps in one
    # process share Dash's page registry), so each is given the context of the app and official of its request
    pages = [
        ("explorer", "/", explorer),
        ("audit", "/audit", audit_page),
        ("compare", "/compare", compare_page),
        ("comments", "/comments", comments_page),
        ("moderation", "/moderation", moderation_page),
        ("embeds", "/embeds", embeds_page),
        ("alerts", "/alerts", alerts_page),
        ("plans", "/plans", plans_page),
        ("cycles", "/cycles", cycles_page),
        ("upload", "/upload", upload_page),
    ]
    for name, path, page in pages:
        dash.register_page(name, path=path, name=name.title(), layout=_in_context(page.layout))
        page.register(app, res)
    dash.register_page(
        "center", path_template="/center/<center_id>", name="Center", layout=_in_context(center_page.layout)
    )
    center_page.register(app, res)
    public = public_app.install(server, res=res)
    mounted["/public/"] = public
    embedded = embed_app.install(server, res=res)
    mounted[embed_app.PREFIX] = embedded
    app.layout = dmc.MantineProvider(dmc.DirectionProvider(dash.page_container, direction="rtl", id=ids.DIRECTION))
    # Dash finishes setting itself up (both apps) on a server's first request, and not safely when threads race
    # for it: the second of two concurrent first requests failed with "dictionary changed size during
    # iteration" (seen under gunicorn by the 50-user benchmark). One request here, before any real one.
    security.install(server, [app, public, embedded], settings)
    server.test_client().get("/public/_marsad-startup")  # a public path: sign-in does not cut it short
    if settings.warm_public_figures:
        threading.Thread(target=_warm_up, args=(server, res), daemon=True, name="marsad-warm-up").start()
    return app


def __getattr__(name: str):
    # `gunicorn marsad.app:server` builds the app on first access, from the environment at that time
    if name == "server":
        return create_app(Settings()).server
    raise AttributeError(name)
