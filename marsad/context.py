"""A request's context: who asks, their jurisdiction, and the app's resources, built in one place.

`Resources` is what the app holds for its whole life (one per process, made by create_app). A `Context` is
made for each request by `for_official` (a verified official: their scope) or `public` (citizens: the public
scope, which only the public endpoints use). The scope is never taken from a callback input, a query string
or a cookie. Pages, the API and exports all ask the context whether an area lies in the jurisdiction
(`area_in_scope`, `area_or_home`): one rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flask
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from marsad.caching import ScopedCache
from marsad.db.replicas import ReplicaSet
from marsad.jurisdiction import Scope
from marsad.queries import areas as area_queries
from marsad.queries.officials import Official
from marsad.settings import Settings
from marsad.snapshots import Snapshots

EXTENSION = "marsad"
T = TypeVar("T")
PUBLIC_REFRESH_SECONDS = 600


class NotSignedIn(PermissionError):
    """No verified official on this request."""


OVERSEERS = ("analyst", "governor", "governorate_official", "agency_head")


class OutOfScope(PermissionError):
    """The request names an area or a center outside the official's jurisdiction."""


class UnknownArea(ValueError):
    """The request names an area code that does not exist."""


@dataclass
class Reference:
    """Reference data, the same for everyone: held per process for the cache's timeout (see ScopedCache)."""

    engine: Engine
    cache: ScopedCache

    def area_index(self) -> dict[str, dict]:
        """All admin areas by code."""
        return self.cache.reference("area_index", lambda: area_queries.area_index(self.engine))

    def area_shapes(self) -> dict[str, dict]:
        """Every area's display geometry by code (a few hundred KB at national scale)."""
        return self.cache.reference("area_shapes", lambda: area_queries.display_shapes(self.engine))

    def catalog(self) -> dict:
        """Sectors, services and e-platforms."""
        return self.cache.reference("catalog", lambda: area_queries.catalog(self.engine))


@dataclass
class Resources:
    """The app's engines, cache and reference data, for its whole life."""

    settings: Settings
    engine: Engine  # acts as the application role: row-level security applies
    quick_engine: Engine  # single statements in autocommit (engines.make_engine): the audit rows
    cache: ScopedCache
    reference: Reference
    # per process (snapshots.py): the public figures (analytics/public.py), which are of complete quarters and so
    # change only with back-dated uploads
    snapshots: Snapshots = field(default_factory=lambda: Snapshots(max_age=PUBLIC_REFRESH_SECONDS, max_entries=64))
    secret: str = field(default="", repr=False)  # the app's signing secret (embed links: embeds/tokens.py)
    replicas: ReplicaSet | None = None  # read replicas (db/replicas.py), when configured


@dataclass(frozen=True)
class Context:
    """One request: the resources, the signed-in official (None on the citizens' side) and their scope."""

    resources: Resources
    official: Official | None
    scope: Scope

    @property
    def settings(self) -> Settings:
        return self.resources.settings

    @property
    def engine(self) -> Engine:
        return self.resources.engine

    @property
    def reader(self) -> Engine:
        """The engine for a read that may come from a replica (the dashboards' and the API's figures): one that has
        replayed the current data version, else the primary. Reads of one's own writes take `engine`."""
        replicas = self.resources.replicas
        if replicas is None:
            return self.resources.engine
        return replicas.reader(self.resources.cache.data_position())

    @property
    def cache(self) -> ScopedCache:
        return self.resources.cache

    @property
    def ref(self) -> Reference:
        return self.resources.reference

    def read(self, fn: Callable[[Engine], T]) -> T:
        """fn(engine) for a read that may come from a replica (`reader`); if that replica fails during the read, once
        more elsewhere (the replica is skipped from then on): a replica's death costs no answer."""
        engine = self.reader
        try:
            return fn(engine)
        except DBAPIError:
            replicas = self.resources.replicas
            if replicas is None or engine is self.resources.engine:
                raise
            replicas.failed(engine)
            return fn(self.reader)  # another replica that may answer, else the primary

    def memo(self, name: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """fn(engine, scope=the scope, **kwargs) through the cache (keyed by the scope and the data version), read
        where `read` reads."""
        return self.cache.cached(
            name, lambda: self.read(lambda e: fn(e, scope=self.scope, **kwargs)), scope=self.scope, **kwargs
        )

    def oversees(self) -> bool:
        """An official above a center's level (analyst, governor, governorate official, agency head): who loads the
        measurement programme's files and opens, notes and closes improvement plans; center managers do not."""
        return self.official is not None and self.official.role in OVERSEERS

    def manages(self, center_id: int) -> bool:
        """The signed-in official is a manager of this center (who keeps its improvement plans' actions)."""
        return (
            self.official is not None
            and self.official.role == "center_manager"
            and center_id in (self.scope.centers or ())
        )

    def account_id(self, what: str) -> int:
        """The official's row in `official`, for what is kept per account (`what`: keys, embeds, reports);
        OutOfScope for one signed in by single sign-on without a row, whose jurisdiction cannot be read again later."""
        if self.official is None or not self.official.id:
            raise OutOfScope(f"{what} need an official with a Marsad account (single sign-on alone is not enough)")
        return self.official.id

    def allows_area(self, code: str) -> bool:
        """Whether the area `code` (a known one) lies in the jurisdiction: the rule every page, the API and every
        export apply."""
        return self.scope.covers([a["code"] for a in area_queries.lineage(self.ref.area_index(), code)])

    def area_in_scope(self, code: str | None) -> dict | None:
        """The area `code` (None for none); UnknownArea when there is no such area, OutOfScope when it lies
        outside the jurisdiction (the API's 400 and 403)."""
        if code is None:
            return None
        area = self.ref.area_index().get(code)
        if area is None:
            raise UnknownArea(f"unknown area code {code!r}")
        if not self.allows_area(code):
            raise OutOfScope(f"area {code} is outside your jurisdiction")
        return area

    def area_or_home(self, code: str | None) -> tuple[dict | None, bool]:
        """The area a page shows for `code`: that area when it exists inside the jurisdiction, else the official's
        home area (their single area; None: the national level). The flag says whether `code` was refused
        (unknown or out of scope), for the page to say so."""
        index = self.ref.area_index()
        area = index.get(code) if isinstance(code, str) else None
        refused = code is not None and (area is None or not self.allows_area(area["code"]))
        if refused:
            area = None
        home = self.scope.home()
        if area is None and home is not None:
            area = index.get(home)
        return area, refused


def for_official(resources: Resources, official: Official) -> Context:
    """The context of a verified official: their scope, a center manager's also limited to the localities of
    their centers (so that area-level rollups can apply it)."""
    scope = official.scope()
    if scope.centers is not None and scope.areas is None:
        codes = resources.cache.by_scope(
            "center_areas", lambda: sorted(area_queries.center_localities(resources.engine, scope=scope)), scope=scope
        )
        scope = Scope.of(areas=codes, sectors=scope.sectors, centers=scope.centers)
    return Context(resources=resources, official=official, scope=scope)


def public(resources: Resources) -> Context:
    """What anyone may read without signing in: every area, but only through the public endpoints, which publish
    aggregates and suppress those resting on fewer than the public minimum of ratings."""
    return Context(resources=resources, official=None, scope=Scope.national())


def app_resources() -> Resources:
    """The resources of the app handling this request (Dash's page registry is process-wide)."""
    return flask.current_app.extensions[EXTENSION]


def current_official() -> Official:
    """The official verified on this request (by the sign-in layer, dashboard/auth.py)."""
    official = flask.g.get("official") if flask.has_request_context() else None
    if official is None:
        raise NotSignedIn("sign in to see this")
    return official


def for_request(resources: Resources) -> Context:
    """This request's context: the verified official's (made once per request); NotSignedIn without one."""
    ctx = flask.g.get("marsad_context")
    if ctx is None or ctx.resources is not resources:
        ctx = flask.g.marsad_context = for_official(resources, current_official())
    return ctx


def current() -> Context:
    """for_request() with the resources of the app handling this request (for Flask routes)."""
    return for_request(app_resources())


def current_public() -> Context:
    """The public context, for the citizens' pages and endpoints."""
    return public(app_resources())
