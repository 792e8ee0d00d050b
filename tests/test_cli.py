"""The `marsad users` command, run as a subprocess against a real database."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import text


def marsad(engine, *args, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "MARSAD_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_users_add_list_disable_set_password(demo_engine):
    r = marsad(
        demo_engine,
        "users",
        "add",
        "qassim_gov",
        "--role",
        "governor",
        "--area",
        "SA-05",
        "--display-name",
        "Governor of Qassim",
        stdin="a-long-password\n",
    )
    assert r.returncode == 0, r.stderr
    with demo_engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash, areas FROM official WHERE username = 'qassim_gov'")).one()
    assert stored.areas == ["SA-05"]
    assert "a-long-password" not in stored.password_hash and stored.password_hash.startswith("scrypt:")
    listed = marsad(demo_engine, "users", "list").stdout
    assert "qassim_gov" in listed and "area:SA-05" in listed and "a-long-password" not in listed
    assert marsad(demo_engine, "users", "disable", "qassim_gov").returncode == 0
    assert "disabled" in [
        line.split()[2]
        for line in marsad(demo_engine, "users", "list").stdout.splitlines()
        if line.startswith("qassim_gov")
    ]
    assert marsad(demo_engine, "users", "set-password", "qassim_gov", stdin="another-long-one\n").returncode == 0


def test_users_add_refuses_bad_input_clearly(demo_engine, accounts):
    cases = [
        (["--role", "governor", "--area", "SA-99"], "long-enough-pw", "unknown area SA-99"),
        (["--role", "governor"], "long-enough-pw", "give a jurisdiction"),
        (["--role", "analyst", "--national", "--area", "SA-01"], "long-enough-pw", "has no regions"),
        (["--role", "governor", "--area", "SA-01"], "short", "at least 10 characters"),
    ]
    for args, password, message in cases:
        r = marsad(demo_engine, "users", "add", "someone", *args, stdin=password + "\n")
        assert r.returncode == 1 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    r = marsad(demo_engine, "users", "add", "analyst", "--role", "analyst", "--national", stdin="x" * 12 + "\n")
    assert r.returncode == 1 and "already exists" in r.stderr


def test_reports_render_by_hand(demo_engine, accounts, tmp_path):
    out = tmp_path / "weekly.pdf"
    done = marsad(
        demo_engine,
        "reports",
        "render",
        "--kind",
        "center-weekly",
        "--as",
        "center_manager",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "center-weekly week:" in done.stdout and out.read_bytes().startswith(b"%PDF")
    page = tmp_path / "q.html"
    done = marsad(demo_engine, "reports", "render", "--kind", "area-quarterly", "--area", "SA-01", "--out", str(page))
    assert done.returncode == 0, done.stderr
    assert 'dir="rtl"' in page.read_text()
    refused = marsad(
        demo_engine,
        "reports",
        "render",
        "--kind",
        "area-quarterly",
        "--as",
        "governor",
        "--area",
        "SA-02",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert refused.returncode == 2 and "SA-02" in refused.stderr and not (tmp_path / "x.pdf").exists()
    bad = marsad(
        demo_engine,
        "reports",
        "render",
        "--kind",
        "center-weekly",
        "--period",
        "week:2026-11-23",
        "--center",
        "1",
        "--out",
        str(tmp_path / "y.pdf"),
    )
    assert bad.returncode == 2 and "Sunday" in bad.stderr


def test_users_set_areas_sectors_and_centers(demo_engine, accounts):
    r = marsad(demo_engine, "users", "add", "changing", "--role", "governor", "--area", "SA-05", stdin="x" * 12 + "\n")
    assert r.returncode == 0, r.stderr

    def stored():
        with demo_engine.connect() as conn:
            return tuple(conn.execute(text("SELECT areas, sectors, centers FROM official WHERE username = 'changing'")).one())  # fmt: skip

    r = marsad(demo_engine, "users", "set-areas", "changing", "SA-01", "SA-02")
    assert r.returncode == 0 and "areas SA-01, SA-02" in r.stdout, r.stderr
    assert stored() == (["SA-01", "SA-02"], [], [])
    assert marsad(demo_engine, "users", "set-sectors", "changing", "health").returncode == 0
    assert stored() == (["SA-01", "SA-02"], ["health"], [])
    assert marsad(demo_engine, "users", "set-areas", "changing").returncode == 0  # cleared: health nationwide
    assert stored() == ([], ["health"], [])
    for args, message in (
        (["set-areas", "changing", "SA-99"], "unknown area SA-99"),
        (["set-sectors", "changing"], "no jurisdiction"),
        (["set-centers", "changing", "999999999"], "unknown center 999999999"),
        (["set-areas", "nobody", "SA-01"], "no official named 'nobody'"),
        (["set-areas", "analyst", "SA-01"], "is national"),
    ):
        r = marsad(demo_engine, "users", *args)
        assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    assert stored() == ([], ["health"], [])  # nothing refused was written
