"""Officials: who may sign in, with which role and jurisdiction."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from werkzeug.security import check_password_hash, generate_password_hash

from marsad.db.transactions import signing_key
from marsad.jurisdiction import Scope

ROLES = ("governor", "governorate_official", "agency_head", "center_manager", "analyst")
COLUMNS = "id, username, display_name, role, disabled, national, areas, sectors, centers"


class OfficialError(ValueError):
    """A request about officials that cannot be honoured; the message says why."""


@dataclass(frozen=True)
class Official:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    national: bool
    areas: tuple[str, ...]
    sectors: tuple[str, ...]
    centers: tuple[int, ...]

    @classmethod
    def from_row(cls, row) -> Official:
        return cls(
            id=row["id"],
            username=row["username"],
            display_name=row["display_name"],
            role=row["role"],
            disabled=row["disabled"],
            national=row["national"],
            areas=tuple(row["areas"]),
            sectors=tuple(row["sectors"]),
            centers=tuple(row["centers"]),
        )

    def scope(self) -> Scope:
        """The jurisdiction: the intersection of the dimensions that are set (union within each)."""
        if self.national:
            return Scope.national()
        return Scope.of(areas=self.areas or None, sectors=self.sectors or None, centers=self.centers or None)


def _check_codes(conn: Connection, *, areas, sectors, centers) -> None:
    unknown = []
    if areas:
        found = set(
            conn.execute(text("SELECT code FROM admin_area WHERE code = ANY(:c)"), {"c": list(areas)}).scalars()
        )
        unknown += [f"area {a}" for a in areas if a not in found]
    if sectors:
        found = set(conn.execute(text("SELECT code FROM sector WHERE code = ANY(:c)"), {"c": list(sectors)}).scalars())
        unknown += [f"sector {s}" for s in sectors if s not in found]
    if centers:
        found = set(
            conn.execute(text("SELECT id FROM service_center WHERE id = ANY(:c)"), {"c": list(centers)}).scalars()
        )
        unknown += [f"center {c}" for c in centers if c not in found]
    if unknown:
        raise OfficialError("unknown " + ", ".join(unknown))


def add(
    engine: Engine,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    national: bool = False,
    areas=(),
    sectors=(),
    centers=(),
) -> Official:
    if role not in ROLES:
        raise OfficialError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if national and (areas or sectors or centers):
        raise OfficialError("a national official has no regions, governorates, sectors or centers")
    if not national and not (areas or sectors or centers):
        raise OfficialError("give a jurisdiction: --area, --sector, --center, or --national")
    if password is not None and len(password) < 10:
        raise OfficialError("the password must have at least 10 characters")
    with engine.begin() as conn:
        _check_codes(conn, areas=areas, sectors=sectors, centers=centers)
        if conn.execute(text("SELECT 1 FROM official WHERE username = :u"), {"u": username}).first():
            raise OfficialError(f"an official named {username!r} already exists")
        row = (
            conn.execute(
                text(f"""
            INSERT INTO official (username, display_name, role, password_hash, national, areas, sectors, centers)
            VALUES (:username, :display_name, :role, :hash, :national, :areas, :sectors, :centers)
            RETURNING {COLUMNS}"""),
                {
                    "username": username,
                    "display_name": display_name,
                    "role": role,
                    "hash": generate_password_hash(password) if password else None,
                    "national": national,
                    "areas": list(areas),
                    "sectors": list(sectors),
                    "centers": [int(c) for c in centers],
                },
            )
            .mappings()
            .one()
        )
    return Official.from_row(row)


def all_officials(engine: Engine) -> list[Official]:
    with engine.connect() as conn:
        return [
            Official.from_row(r)
            for r in conn.execute(text(f"SELECT {COLUMNS} FROM official ORDER BY username")).mappings()
        ]


def by_id(engine: Engine, official_id: int) -> Official | None:
    with engine.connect() as conn:
        row = (
            conn.execute(text(f"SELECT {COLUMNS} FROM official WHERE id = :id"), {"id": official_id}).mappings().first()
        )
    return Official.from_row(row) if row else None


def by_username(engine: Engine, username: str) -> Official | None:
    with engine.connect() as conn:
        row = (
            conn.execute(text(f"SELECT {COLUMNS} FROM official WHERE username = :u"), {"u": username})
            .mappings()
            .first()
        )
    return Official.from_row(row) if row else None


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash of a random password, made like every official's: unknown usernames cost the same check."""
    if not _DUMMY:
        _DUMMY.append(generate_password_hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def fingerprint(password_hash: str) -> str:
    """Names one password hash without revealing it: a changed password changes it."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def check(engine: Engine, username: str, password: str) -> tuple[Official, str] | None:
    """The enabled official with these credentials and the fingerprint of their password hash, or None. The
    same work is done for an unknown username (a hash of a random password is checked), so that the time of an
    answer does not tell which usernames exist. The application role reads the hash of this one username through
    a function that requires the application's signature of it (migration 0018); the owner reads it directly."""
    key = signing_key(engine)
    with engine.connect() as conn:
        row = (
            conn.execute(text(f"SELECT {COLUMNS} FROM official WHERE username = :u"), {"u": username})
            .mappings()
            .first()
        )
        stored = None
        if row is not None and key:
            signature = hmac.new(key, f"password|{username}".encode(), hashlib.sha256).hexdigest()
            stored = conn.execute(text("SELECT marsad_password_hash(:u, :s)"), {"u": username, "s": signature}).scalar()
        elif row is not None:
            stored = conn.execute(text("SELECT password_hash FROM official WHERE id = :i"), {"i": row["id"]}).scalar()
    matches = check_password_hash(stored or _dummy_hash(), password)
    if row is None or row["disabled"] or not stored or not matches:
        return None
    return Official.from_row(row), fingerprint(stored)


def still_signed_in(engine: Engine, official_id: int, password_fingerprint: str) -> Official | None:
    """The official, if still enabled and with the same password as when their credentials were checked."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(f"SELECT {COLUMNS}, marsad_password_fingerprint(id) AS fingerprint FROM official WHERE id = :id"),
                {"id": official_id},
            )
            .mappings()
            .first()
        )
    if row is None or row["disabled"] or not row["fingerprint"]:
        return None
    if not hmac.compare_digest(row["fingerprint"], password_fingerprint):
        return None
    return Official.from_row(row)


def is_disabled(engine: Engine, username: str) -> bool:
    """Whether an official of this name exists and is disabled (single sign-on checks it on every request)."""
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT disabled FROM official WHERE username = :u"), {"u": username}).scalar())


def set_disabled(engine: Engine, username: str, disabled: bool = True) -> None:
    with engine.begin() as conn:
        if (
            conn.execute(
                text("UPDATE official SET disabled = :d WHERE username = :u"), {"d": disabled, "u": username}
            ).rowcount
            == 0
        ):
            raise OfficialError(f"no official named {username!r}")


def set_password(engine: Engine, username: str, password: str) -> None:
    if len(password) < 10:
        raise OfficialError("the password must have at least 10 characters")
    with engine.begin() as conn:
        if (
            conn.execute(
                text("UPDATE official SET password_hash = :h WHERE username = :u"),
                {"h": generate_password_hash(password), "u": username},
            ).rowcount
            == 0
        ):
            raise OfficialError(f"no official named {username!r}")


def retire(engine: Engine, usernames: list[str]) -> None:
    """Disable the named officials and rename them out of the way (`name.old.<id>`), keeping their audit trail."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE official SET disabled = true, username = username || '.old.' || id WHERE username = ANY(:names)"
            ),
            {"names": usernames},
        )


JURISDICTION = ("areas", "sectors", "centers")  # an official's jurisdiction's dimensions (columns of official)


def set_jurisdiction(engine: Engine, username: str, what: str, values: list) -> Official:
    """Replace one dimension of an official's jurisdiction (`what`: areas, sectors or centers; no value clears it).
    It takes effect on their next request (the jurisdiction is read from this row on every one)."""
    if what not in JURISDICTION:
        raise OfficialError(f"unknown part of a jurisdiction {what!r}; expected one of {', '.join(JURISDICTION)}")
    with engine.begin() as conn:
        row = (
            conn.execute(text(f"SELECT {COLUMNS} FROM official WHERE username = :u FOR UPDATE"), {"u": username})
            .mappings()
            .first()
        )
        if row is None:
            raise OfficialError(f"no official named {username!r}")
        if row["national"]:
            raise OfficialError(f"{username} is national: a national official has no areas, sectors or centers")
        _check_codes(conn, **{k: values if k == what else () for k in JURISDICTION})
        after = {k: list(row[k]) for k in JURISDICTION} | {what: values}
        if not any(after.values()):
            raise OfficialError(f"that would leave {username} with no jurisdiction; give at least one code")
        updated = (
            conn.execute(  # the column comes from JURISDICTION, never from input
                text(f"UPDATE official SET {what} = :v WHERE id = :id RETURNING {COLUMNS}"),
                {"v": [int(v) for v in values] if what == "centers" else list(values), "id": row["id"]},
            )
            .mappings()
            .one()
        )
    return Official.from_row(updated)


def naming_areas(conn: Connection, codes: list[str]) -> dict[str, list[str]]:
    """Officials whose jurisdiction names any of these area codes: {username: the codes named}."""
    rows = conn.execute(
        text("SELECT username, areas FROM official WHERE areas && CAST(:c AS text[]) ORDER BY username"), {"c": codes}
    )
    return {u: [a for a in areas if a in set(codes)] for u, areas in rows}


def remap_areas(conn: Connection, mapping: dict[str, str]) -> dict[str, list[str]]:
    """Replace area codes in every jurisdiction that names them (old code -> new code); {username: new areas}."""
    changed = {}
    rows = conn.execute(
        text("SELECT id, username, areas FROM official WHERE areas && CAST(:c AS text[])"), {"c": list(mapping)}
    ).all()
    for official_id, username, areas in rows:
        new = sorted({mapping.get(a, a) for a in areas})
        conn.execute(text("UPDATE official SET areas = :a WHERE id = :id"), {"a": new, "id": official_id})
        changed[username] = new
    return changed
